CREATE TABLE "insight_moment_cell" (
	"org_id" uuid NOT NULL,
	"survey_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"month" date NOT NULL,
	"channel" text NOT NULL,
	"lang" text NOT NULL,
	"j" smallint NOT NULL,
	"k" smallint NOT NULL,
	"s" bigint NOT NULL,
	CONSTRAINT "insight_moment_cell_pk" PRIMARY KEY("org_id","survey_id","version","month","channel","lang","j","k")
);
--> statement-breakpoint
CREATE TABLE "insight_rating_cell" (
	"org_id" uuid NOT NULL,
	"survey_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"month" date NOT NULL,
	"channel" text NOT NULL,
	"lang" text NOT NULL,
	"code" text NOT NULL,
	"rating" smallint NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "insight_rating_cell_pk" PRIMARY KEY("org_id","survey_id","version","month","channel","lang","code","rating")
);
--> statement-breakpoint
ALTER TABLE "insight_moment_cell" ADD CONSTRAINT "insight_moment_cell_org_id_survey_id_survey_org_id_id_fk" FOREIGN KEY ("org_id","survey_id") REFERENCES "public"."survey"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_rating_cell" ADD CONSTRAINT "insight_rating_cell_org_id_survey_id_survey_org_id_id_fk" FOREIGN KEY ("org_id","survey_id") REFERENCES "public"."survey"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Adds (direction 1) or removes (direction -1) complete responses' contributions to the
-- cells: the count of each rating 1–5 per question (and "*" per response), and
-- the moments of overall satisfaction and the six CMT core drivers over the
-- responses that rated all seven. The order of the codes here is CELL_MODEL in
-- app/modules/insights/cells.ts. Rows come as JSON so that one function serves
-- the triggers' transition tables and the backfill.
CREATE FUNCTION insight_apply(batch jsonb, direction integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO insight_rating_cell AS c (org_id, survey_id, version, month, channel, lang, code, rating, n)
  SELECT r.org_id, r.survey_id, r.version, date_trunc('month', r.submitted_at AT TIME ZONE 'UTC')::date,
         r.channel, r.lang, a.code, a.rating, direction * count(*)
  FROM jsonb_to_recordset(batch) AS r(org_id uuid, survey_id uuid, version integer, channel text, lang text,
                                     submitted_at timestamptz, answers jsonb)
  CROSS JOIN LATERAL (
    SELECT '*'::text AS code, 0::smallint AS rating
    UNION ALL
    SELECT e.key, (e.value #>> '{}')::smallint
    FROM jsonb_each(r.answers) AS e
    WHERE jsonb_typeof(e.value) = 'number' AND (e.value #>> '{}') IN ('1', '2', '3', '4', '5')
  ) AS a
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  -- One order for every writer: concurrent submissions lock shared cells in the same order.
  ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT ON CONSTRAINT insight_rating_cell_pk DO UPDATE SET n = c.n + excluded.n;

  -- One pass sums the 36 products of each group (x_0 = 1, so (j,0) are sums and (0,0) the count);
  -- the few groups are then unfolded into one row per (j, k).
  INSERT INTO insight_moment_cell AS c (org_id, survey_id, version, month, channel, lang, j, k, s)
  SELECT g.org_id, g.survey_id, g.version, g.month, g.channel, g.lang, u.j, u.k, direction * u.s
  FROM (
    SELECT x.org_id, x.survey_id, x.version, x.month, x.channel, x.lang,
      ARRAY[sum(x.v[1]::bigint * x.v[1]), sum(x.v[2]::bigint * x.v[1]), sum(x.v[2]::bigint * x.v[2]), sum(x.v[3]::bigint * x.v[1]),
         sum(x.v[3]::bigint * x.v[2]), sum(x.v[3]::bigint * x.v[3]), sum(x.v[4]::bigint * x.v[1]), sum(x.v[4]::bigint * x.v[2]),
         sum(x.v[4]::bigint * x.v[3]), sum(x.v[4]::bigint * x.v[4]), sum(x.v[5]::bigint * x.v[1]), sum(x.v[5]::bigint * x.v[2]),
         sum(x.v[5]::bigint * x.v[3]), sum(x.v[5]::bigint * x.v[4]), sum(x.v[5]::bigint * x.v[5]), sum(x.v[6]::bigint * x.v[1]),
         sum(x.v[6]::bigint * x.v[2]), sum(x.v[6]::bigint * x.v[3]), sum(x.v[6]::bigint * x.v[4]), sum(x.v[6]::bigint * x.v[5]),
         sum(x.v[6]::bigint * x.v[6]), sum(x.v[7]::bigint * x.v[1]), sum(x.v[7]::bigint * x.v[2]), sum(x.v[7]::bigint * x.v[3]),
         sum(x.v[7]::bigint * x.v[4]), sum(x.v[7]::bigint * x.v[5]), sum(x.v[7]::bigint * x.v[6]), sum(x.v[7]::bigint * x.v[7]),
         sum(x.v[8]::bigint * x.v[1]), sum(x.v[8]::bigint * x.v[2]), sum(x.v[8]::bigint * x.v[3]), sum(x.v[8]::bigint * x.v[4]),
         sum(x.v[8]::bigint * x.v[5]), sum(x.v[8]::bigint * x.v[6]), sum(x.v[8]::bigint * x.v[7]), sum(x.v[8]::bigint * x.v[8])] AS p
    FROM (
      SELECT r.org_id, r.survey_id, r.version, date_trunc('month', r.submitted_at AT TIME ZONE 'UTC')::date AS month,
             r.channel, r.lang,
             ARRAY[1, (r.answers ->> 'CORE-OS-01')::integer, (r.answers ->> 'CORE-TIM-01')::integer,
                   (r.answers ->> 'CORE-KNO-01')::integer, (r.answers ->> 'CORE-COU-01')::integer,
                   (r.answers ->> 'CORE-FAI-01')::integer, (r.answers ->> 'CORE-OUT-01')::integer,
                   (r.answers ->> 'CORE-ACC-01')::integer] AS v
      FROM jsonb_to_recordset(batch) AS r(org_id uuid, survey_id uuid, version integer, channel text, lang text,
                                          submitted_at timestamptz, answers jsonb)
      WHERE NOT EXISTS (
        SELECT 1 FROM unnest(ARRAY['CORE-OS-01', 'CORE-TIM-01', 'CORE-KNO-01', 'CORE-COU-01', 'CORE-FAI-01',
                                   'CORE-OUT-01', 'CORE-ACC-01']) AS code
        WHERE jsonb_typeof(r.answers -> code) IS DISTINCT FROM 'number'
           OR (r.answers ->> code) NOT IN ('1', '2', '3', '4', '5'))
    ) AS x
    GROUP BY 1, 2, 3, 4, 5, 6
  ) AS g
  CROSS JOIN LATERAL (VALUES (0, 0, g.p[1]), (1, 0, g.p[2]), (1, 1, g.p[3]), (2, 0, g.p[4]), (2, 1, g.p[5]), (2, 2, g.p[6]), (3, 0, g.p[7]), (3, 1, g.p[8]), (3, 2, g.p[9]), (3, 3, g.p[10]), (4, 0, g.p[11]), (4, 1, g.p[12]), (4, 2, g.p[13]), (4, 3, g.p[14]), (4, 4, g.p[15]), (5, 0, g.p[16]), (5, 1, g.p[17]), (5, 2, g.p[18]), (5, 3, g.p[19]), (5, 4, g.p[20]), (5, 5, g.p[21]), (6, 0, g.p[22]), (6, 1, g.p[23]), (6, 2, g.p[24]), (6, 3, g.p[25]), (6, 4, g.p[26]), (6, 5, g.p[27]), (6, 6, g.p[28]), (7, 0, g.p[29]), (7, 1, g.p[30]), (7, 2, g.p[31]), (7, 3, g.p[32]), (7, 4, g.p[33]), (7, 5, g.p[34]), (7, 6, g.p[35]), (7, 7, g.p[36])) AS u(j, k, s)
  ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT ON CONSTRAINT insight_moment_cell_pk DO UPDATE SET s = c.s + excluded.s;
$$;
--> statement-breakpoint
CREATE FUNCTION insight_cells_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM insight_apply(jsonb_agg(to_jsonb(n)), 1) FROM inserted AS n WHERE n.status = 'complete'
    HAVING count(*) > 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- A response counts once it is submitted (partial → complete). A submitted
-- response never changes afterwards except for anonymization, which keeps
-- its ratings (response_append_only).
CREATE FUNCTION insight_cells_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM insight_apply(jsonb_agg(to_jsonb(n)), 1)
    FROM updated AS n JOIN previous AS o ON o.org_id = n.org_id AND o.id = n.id
    WHERE n.status = 'complete' AND o.status <> 'complete'
    HAVING count(*) > 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Deleting a survey deletes its cells and its responses: responses of a
-- survey that is gone have nothing left to subtract from.
CREATE FUNCTION insight_cells_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM insight_apply(jsonb_agg(to_jsonb(o)), -1)
    FROM deleted AS o
    WHERE o.status = 'complete'
      AND EXISTS (SELECT 1 FROM survey AS s WHERE s.org_id = o.org_id AND s.id = o.survey_id)
    HAVING count(*) > 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER insight_cells_inserted AFTER INSERT ON "response" REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION insight_cells_inserted();
--> statement-breakpoint
CREATE TRIGGER insight_cells_updated AFTER UPDATE ON "response" REFERENCING OLD TABLE AS previous NEW TABLE AS updated
  FOR EACH STATEMENT EXECUTE FUNCTION insight_cells_updated();
--> statement-breakpoint
CREATE TRIGGER insight_cells_deleted AFTER DELETE ON "response" REFERENCING OLD TABLE AS deleted
  FOR EACH STATEMENT EXECUTE FUNCTION insight_cells_deleted();
--> statement-breakpoint
-- Responses submitted before this migration.
DO $$
DECLARE s record;
BEGIN
  FOR s IN SELECT org_id, id FROM survey LOOP
    PERFORM insight_apply(jsonb_agg(to_jsonb(r)), 1) FROM response AS r
      WHERE r.org_id = s.org_id AND r.survey_id = s.id AND r.status = 'complete'
      HAVING count(*) > 0;
  END LOOP;
END;
$$;

import { createHash, createHmac } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { organization } from "#app/modules/identity/schema.ts";
import type { PublishedDefinition } from "#app/modules/measure/definition.ts";
import { survey, surveyVersion } from "#app/modules/measure/schema.ts";
import type { Keyring } from "#app/modules/privacy/keyring.server.ts";
import type { Db } from "#db/client.ts";
import { anonymousTimes, dayStamp } from "./anonymity.ts";
import { type Answers, isFreeText, storedAnswer, withoutHidden } from "./answers.ts";
import { response, type StoredAnswers, surveyContact } from "./schema.ts";

// The respondent's side of a survey, reached by its public key and a resume
// token, never by a session: respondents have no accounts. Every function
// finds the survey through the key, so a token only ever opens its own survey.

export interface RespondentSurvey {
  orgId: string;
  surveyId: string;
  publicKey: string;
  titleEn: string;
  titleFr: string;
  /** The organization asking: every respondent page names it. */
  orgNameEn: string;
  orgNameFr: string;
  status: "draft" | "published" | "closed";
  opensAt: Date | null;
  closesAt: Date | null;
  anonymous: boolean;
  privacyNoticeEn: string | null;
  privacyNoticeFr: string | null;
  closingMessageEn: string | null;
  closingMessageFr: string | null;
  version: number;
  definition: PublishedDefinition;
}

export type Availability = "open" | "notYetOpen" | "closed";

const surveyColumns = {
  orgId: survey.orgId,
  surveyId: survey.id,
  publicKey: survey.publicKey,
  titleEn: survey.titleEn,
  titleFr: survey.titleFr,
  orgNameEn: organization.nameEn,
  orgNameFr: organization.nameFr,
  status: survey.status,
  opensAt: survey.opensAt,
  closesAt: survey.closesAt,
  anonymous: survey.anonymous,
  privacyNoticeEn: survey.privacyNoticeEn,
  privacyNoticeFr: survey.privacyNoticeFr,
  closingMessageEn: survey.closingMessageEn,
  closingMessageFr: survey.closingMessageFr,
  version: survey.publishedVersion,
};

const isPublicKey = (key: string) => /^[0-9a-f]{12}$/.test(key);

/**
 * A query prepared once per database, for those every respondent request
 * runs: drizzle builds its SQL once, and PostgreSQL parses and plans it once
 * per connection instead of on every request (decision 0029).
 */
function preparedPerDb<T>(prepare: (db: Db) => T): (db: Db) => T {
  const prepared = new WeakMap<Db, T>();
  return (db) => {
    let query = prepared.get(db);
    if (!query) {
      query = prepare(db);
      prepared.set(db, query);
    }
    return query;
  };
}

const surveyByKeyQuery = preparedPerDb((db) =>
  db
    .select(surveyColumns)
    .from(survey)
    .innerJoin(organization, eq(organization.id, survey.orgId))
    .where(eq(survey.publicKey, sql.placeholder("publicKey")))
    .prepare("respondent_survey"),
);

/** A published (or closed) survey by its public key; drafts and unknown keys are null. */
export async function getSurveyForRespondent(db: Db, publicKey: string): Promise<RespondentSurvey | null> {
  if (!isPublicKey(publicKey)) return null;
  const [row] = await surveyByKeyQuery(db).execute({ publicKey });
  return row ? withDefinition(db, row) : null;
}

async function withDefinition(
  db: Db,
  row: Omit<RespondentSurvey, "definition" | "version"> & { version: number | null },
): Promise<RespondentSurvey | null> {
  if (row.version === null) return null;
  const definition = await publishedDefinition(db, row.orgId, row.surveyId, row.version);
  return definition ? { ...row, version: row.version, definition } : null;
}

// A published version never changes (publishing again writes the next one),
// and its definition, every question's wording in both languages, is by far
// the largest thing a respondent's request reads: reading and parsing it took
// most of the time of the request's queries. So each version's definition is
// read once and kept; the survey's own row, which can change (closed, dates),
// is still read on every request. Keys are random ids, never reused.
const definitions = new Map<string, PublishedDefinition>();
const DEFINITIONS_KEPT = 100;

async function publishedDefinition(db: Db, orgId: string, surveyId: string, version: number) {
  const key = `${orgId}:${surveyId}:${version}`;
  const kept = definitions.get(key);
  if (kept) return kept;
  const [row] = await db
    .select({ definition: surveyVersion.definition })
    .from(surveyVersion)
    .where(
      and(eq(surveyVersion.orgId, orgId), eq(surveyVersion.surveyId, surveyId), eq(surveyVersion.version, version)),
    );
  if (!row) return null;
  const oldest = definitions.keys().next();
  if (definitions.size >= DEFINITIONS_KEPT && !oldest.done) definitions.delete(oldest.value);
  definitions.set(key, row.definition);
  return row.definition;
}

export function availability(
  s: Pick<RespondentSurvey, "status" | "opensAt" | "closesAt">,
  now = new Date(),
): Availability {
  if (s.status !== "published" || (s.closesAt && s.closesAt <= now)) return "closed";
  if (s.opensAt && s.opensAt > now) return "notYetOpen";
  return "open";
}

// Resume tokens: 12 characters of Crockford base32 (60 bits), shown as
// XXXX-XXXX-XXXX. Derived from the one-off key of the start form, so a
// double-clicked or retried "Start" reaches the same response.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export function normalizeToken(input: string): string | null {
  const plain = input.toUpperCase().replace(/[\s-]/g, "").replace(/[IL]/g, "1").replace(/O/g, "0");
  return /^[0-9A-HJKMNP-TV-Z]{12}$/.test(plain) ? plain : null;
}

export const formatToken = (token: string) => token.match(/.{4}/g)?.join("-") ?? token;

const hashToken = (token: string) => createHash("sha256").update(`resume:${token}`).digest("base64url");

/** The resume token of the response started with `startKey` (an invitation link resumes it this way). */
export function tokenFor(secret: string, surveyId: string, startKey: string): string {
  const digest = createHmac("sha256", secret).update(`resume:${surveyId}:${startKey}`).digest();
  let token = "";
  for (let i = 0; i < 12; i++) token += ALPHABET[(digest[i] as number) % 32];
  return token;
}

export interface StartOptions {
  lang: "en" | "fr";
  startKey: string;
  channel: "web" | "invitation" | "staff";
  contactId?: string;
  enteredBy?: string;
}

/** Starts (or, for the same start key, finds again) a partial response. Returns its resume token. */
export async function startResponse(db: Db, secret: string, s: RespondentSurvey, options: StartOptions) {
  const token = tokenFor(secret, s.surveyId, options.startKey);
  await db
    .insert(response)
    .values({
      orgId: s.orgId,
      surveyId: s.surveyId,
      version: s.version,
      status: "partial",
      channel: options.channel,
      lang: options.lang,
      resumeHash: hashToken(token),
      startKey: options.startKey,
      contactId: options.contactId ?? null,
      enteredBy: options.enteredBy ?? null,
      // Anonymous: the day it was started, not the time (decision 0042). The
      // last save's time stays exact while partial, for the grace period of
      // deleting partials, and is never shown.
      ...(s.anonymous ? { startedAt: dayStamp(new Date()) } : {}),
    })
    .onConflictDoNothing();
  return token;
}

export interface ResponseInProgress {
  id: string;
  /** The published version it is answered on, from start to submit, whatever is published since. */
  version: number;
  status: "partial" | "complete";
  channel: string;
  pagesDone: string[];
  answers: Answers;
  /** What a page save needs to change this very state of the row and nothing newer: see `saveResponsePage`. */
  seen: SeenState;
}

/** A response row as read: its answers as stored (free text sealed) and its row version. */
interface SeenState {
  revision: string;
  status: "partial" | "complete";
  pagesDone: string[];
  stored: StoredAnswers;
  contactId: string | null;
}

// `xmin` is the id of the transaction that wrote this version of the row:
// every update changes it, so it serves as the row's revision for a
// compare-and-set without a column of our own (decision 0027).
const revision = sql<string>`${response}.xmin::text`;

const responseColumns = {
  id: response.id,
  version: response.version,
  status: response.status,
  channel: response.channel,
  pagesDone: response.pagesDone,
  answers: response.answers,
  contactId: response.contactId,
  revision,
};

type ResponseRow = Omit<ResponseInProgress, "answers" | "seen"> &
  Pick<SeenState, "revision" | "contactId"> & {
    answers: StoredAnswers;
  };

const byToken = (token: string) => eq(response.resumeHash, hashToken(token));

async function inProgress(db: Db, keyring: Keyring, orgId: string, row: ResponseRow): Promise<ResponseInProgress> {
  const { answers, contactId: _, revision: __, ...rest } = row;
  return { ...rest, answers: await openAnswers(db, keyring, orgId, answers), seen: seenState(row) };
}

const seenState = (row: ResponseRow): SeenState => ({
  revision: row.revision,
  status: row.status,
  pagesDone: row.pagesDone,
  stored: row.answers,
  contactId: row.contactId,
});

/** The response a token opens, with its answers readable, if it belongs to this survey. */
export async function getResponseByToken(
  db: Db,
  keyring: Keyring,
  s: RespondentSurvey,
  token: string,
): Promise<ResponseInProgress | null> {
  const [row] = await db
    .select(responseColumns)
    .from(response)
    .where(and(eq(response.orgId, s.orgId), eq(response.surveyId, s.surveyId), byToken(token)));
  return row ? inProgress(db, keyring, s.orgId, row) : null;
}

/**
 * A survey by its public key and the response a token opens in it, in one
 * query: every request of a respondent's pages needs both, and each round
 * trip to the database costs the server more than the query itself.
 */
export async function getSurveyAndResponse(
  db: Db,
  keyring: Keyring,
  publicKey: string,
  token: string,
): Promise<{ survey: RespondentSurvey; response: ResponseInProgress | null } | null> {
  if (!isPublicKey(publicKey)) return null;
  const [row] = await surveyAndResponseQuery(db).execute({ publicKey, resumeHash: hashToken(token) });
  if (!row) return null;
  const { response: found, ...surveyRow } = row;
  const s = await withDefinition(db, surveyRow);
  if (!s) return null;
  if (!found) return { survey: s, response: null };
  // A response is answered on the version it was started on: a republish
  // while it is open changes neither its wording nor the version it records.
  const onItsVersion = found.version === s.version ? s : await onVersion(db, s, found.version);
  return { survey: onItsVersion, response: await inProgress(db, keyring, s.orgId, found) };
}

async function onVersion(db: Db, s: RespondentSurvey, version: number): Promise<RespondentSurvey> {
  const definition = await publishedDefinition(db, s.orgId, s.surveyId, version);
  if (!definition) throw new Error(`version ${version} of survey ${s.surveyId} is missing`);
  return { ...s, version, definition };
}

const surveyAndResponseQuery = preparedPerDb((db) =>
  db
    .select({ ...surveyColumns, response: responseColumns })
    .from(survey)
    .innerJoin(organization, eq(organization.id, survey.orgId))
    .leftJoin(
      response,
      and(
        eq(response.orgId, survey.orgId),
        eq(response.surveyId, survey.id),
        eq(response.resumeHash, sql.placeholder("resumeHash")),
      ),
    )
    .where(eq(survey.publicKey, sql.placeholder("publicKey")))
    .prepare("respondent_survey_and_response"),
);

async function openAnswers(db: Db, keyring: Keyring, orgId: string, stored: StoredAnswers): Promise<Answers> {
  const sealed = Object.values(stored).some((v) => typeof v === "object" && !Array.isArray(v));
  const sealer = sealed ? await keyring.forOrg(db, orgId) : null;
  const open: Answers = {};
  for (const [code, v] of Object.entries(stored)) {
    open[code] = typeof v === "object" && !Array.isArray(v) ? (sealer?.open(v.sealed) ?? "") : v;
  }
  return open;
}

export type SaveOutcome = "saved" | "submitted" | "alreadySubmitted";

/** Attempts before a save gives up on a response that others keep changing under it. */
const SAVE_ATTEMPTS = 5;

/**
 * Saves one page: its answers replace that page's earlier ones, answers that
 * logic now hides are dropped, free text is sealed. With `submit`, the
 * response becomes complete, once: a retried or doubled submit finds it
 * complete and changes nothing.
 *
 * The new row is computed from the state the request already read (`seen`)
 * and written only if the row is still that version: one UPDATE instead of a
 * transaction that locks, reads and writes again (decision 0027). When
 * another save got there first (a double click, two tabs), the row is read
 * again and the page merged into what that save left.
 */
export async function saveResponsePage(
  db: Db,
  keyring: Keyring,
  s: RespondentSurvey,
  current: Pick<ResponseInProgress, "id" | "seen">,
  page: { key: string; answers: Answers; cleared: string[]; done: boolean },
  submit: boolean,
): Promise<SaveOutcome> {
  const sealer = await keyring.forOrg(db, s.orgId);
  const freeText = new Set(
    s.definition.pages.flatMap((p) => p.items.filter((i) => isFreeText(i.question)).map((i) => i.code)),
  );
  const thisRow = and(eq(response.orgId, s.orgId), eq(response.id, current.id));
  let seen: SeenState | undefined = current.seen;
  for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
    if (!seen) throw new Error("response vanished");
    if (seen.status === "complete") return "alreadySubmitted";
    const merged: StoredAnswers = { ...seen.stored };
    for (const code of page.cleared) delete merged[code];
    for (const [code, value] of Object.entries(page.answers))
      merged[code] = storedAnswer(value, freeText.has(code), sealer.seal);
    const kept = withoutHidden(s.definition, merged as Answers) as StoredAnswers;
    const pagesDone = !page.done || seen.pagesDone.includes(page.key) ? seen.pagesDone : [...seen.pagesDone, page.key];
    const now = new Date();
    const changes = {
      answers: kept,
      pagesDone,
      updatedAt: now,
      ...(submit
        ? {
            status: "complete" as const,
            submittedAt: now,
            // Anonymous (decision 0042): no invitation and no staff member stays
            // linked to what was said, and its times are the day only.
            ...(s.anonymous ? { contactId: null, enteredBy: null, ...anonymousTimes(now) } : {}),
          }
        : {}),
    };
    const unchanged = and(thisRow, sql`${response}.xmin = ${seen.revision}::xid`);
    const contactId = seen.contactId;
    const written =
      submit && contactId
        ? await db.transaction(async (tx) => {
            const rows = await tx.update(response).set(changes).where(unchanged).returning({ id: response.id });
            if (rows.length > 0) {
              await tx
                .update(surveyContact)
                // An anonymous survey keeps no time that could be matched to the response's.
                .set({ status: "responded", respondedAt: s.anonymous ? null : now })
                .where(and(eq(surveyContact.orgId, s.orgId), eq(surveyContact.id, contactId)));
            }
            return rows.length > 0;
          })
        : (await db.update(response).set(changes).where(unchanged).returning({ id: response.id })).length > 0;
    if (written) return submit ? "submitted" : "saved";
    const [again] = await db.select(responseColumns).from(response).where(thisRow);
    seen = again && seenState(again);
  }
  throw new Error("response kept changing while a page was saved");
}

/** How many complete responses a survey has (for its response target). */
export async function countCompleteResponses(db: Db, orgId: string, surveyId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(response)
    .where(and(eq(response.orgId, orgId), eq(response.surveyId, surveyId), eq(response.status, "complete")));
  return row?.n ?? 0;
}

import type { TenantCtx } from "#app/modules/identity/context.ts";
import { changeDraft, createSurveyFromTemplate, publishSurvey } from "#app/modules/measure/surveys.server.ts";
import type { Keyring } from "#app/modules/privacy/keyring.server.ts";
import { response, type StoredAnswers } from "#app/modules/responses/schema.ts";
import type { ResponseChannel } from "#app/modules/responses/statuses.ts";
import type { Db } from "#db/client.ts";

/** A published survey from the CMT template with a page asking a number, a choice and free text. */
export async function publishedSurvey(designer: TenantCtx, title: string): Promise<string> {
  const id = await createSurveyFromTemplate(designer, {
    titleEn: title,
    titleFr: `${title} (fr)`,
    serviceEn: "Passport renewal",
    serviceFr: "Renouvellement de passeport",
    channels: ["in_person"],
    variant: "citizen",
  });
  await changeDraft(designer, id, { op: "addPage", titleEn: "More", titleFr: "Plus" });
  for (const code of ["SUP-OVR-01", "SUP-CTX-04", "SUP-TXT-01"]) {
    await changeDraft(designer, id, { op: "addQuestion", pageKey: "p2", code });
  }
  await publishSurvey(designer, id);
  return id;
}

export interface ResponseSeed {
  status?: "partial" | "complete";
  channel?: ResponseChannel;
  startedAt: Date;
  submittedAt?: Date | null;
  /** Free text for SUP-TXT-01, sealed as the respondent pages seal it. */
  comment?: string;
  contactId?: string;
  enteredBy?: string;
}

/** Inserts a response to version 1 the way the respondent pages leave it, and returns its id. */
export async function insertResponse(
  db: Db,
  keyring: Keyring,
  at: { orgId: string; surveyId: string },
  seed: ResponseSeed,
): Promise<string> {
  const status = seed.status ?? "complete";
  const answers: StoredAnswers = { "CORE-OS-01": 4, "SUP-OVR-01": 7, "SUP-CTX-04": ["online", "telephone"] };
  if (seed.comment !== undefined) {
    const sealer = await keyring.forOrg(db, at.orgId);
    answers["SUP-TXT-01"] = { sealed: sealer.seal(seed.comment) };
  }
  const [row] = await db
    .insert(response)
    .values({
      orgId: at.orgId,
      surveyId: at.surveyId,
      version: 1,
      status,
      channel: seed.channel ?? "web",
      lang: "en",
      resumeHash: `resume-${crypto.randomUUID()}`,
      startKey: `start-${crypto.randomUUID()}`,
      idempotencyKey: seed.channel === "import" ? `import-${crypto.randomUUID()}` : null,
      pagesDone: ["p1", "p2"],
      answers,
      contactId: seed.contactId ?? null,
      enteredBy: seed.enteredBy ?? null,
      startedAt: seed.startedAt,
      updatedAt: seed.submittedAt ?? seed.startedAt,
      submittedAt: status === "complete" ? (seed.submittedAt ?? seed.startedAt) : null,
    })
    .returning({ id: response.id });
  if (!row) throw new Error("insert returned nothing");
  return row.id;
}

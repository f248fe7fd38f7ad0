import { describe, expect, test } from "vitest";
import { type Lang, langs, type PageId, pathFor } from "#app/i18n/paths.ts";
import { expectNoAxeViolations } from "./support/axe.ts";
import { type Page, submitNoJs } from "./support/browser.ts";
import {
  expectWellFormed,
  paramsFor,
  useAccessibilityVisitors,
  type Visitor,
} from "./support/accessibility-visitors.ts";

// Every form, submitted empty and with garbage, without JavaScript: a 400
// with an error summary whose links lead to the fields, each field tied to
// its message, garbage shown as text, and the page still accessible.
// (Every page as first opened: accessibility-pages.test.ts.)

const visitors = useAccessibilityVisitors();
const GARBAGE = ["<script>alert(1)</script>", "'; drop table user;--", "x".repeat(5000), "abc-def"];
const UNKNOWN = "not-a-real-value";

interface FormCase {
  name: string;
  as: Visitor;
  page: PageId;
  query?: string;
  /** Picks the form on the page (default: the only form in <main>). */
  form?: string;
  method?: "get" | "post";
  /** Fields that must be reported in error, per variant. */
  errors: { empty: string[]; garbage: string[] };
}

const formCases: FormCase[] = [
  {
    name: "sign up",
    as: "anonymous",
    page: "signUp",
    errors: {
      empty: ["name", "email", "password", "confirmPassword"],
      garbage: ["email", "password", "confirmPassword"],
    },
  },
  {
    name: "sign in",
    as: "anonymous",
    page: "signIn",
    form: 'main form:has(input[name="password"])',
    errors: { empty: ["email", "password"], garbage: ["email"] },
  },
  {
    name: "sign in with my organization",
    as: "anonymous",
    page: "signIn",
    form: 'main form:has(input[name="ssoEmail"])',
    errors: { empty: ["ssoEmail"], garbage: ["ssoEmail"] },
  },
  {
    name: "two-step code",
    as: "anonymous",
    page: "signInTwoFactor",
    form: 'main form:has(input[name="intent"][value="code"])',
    errors: { empty: ["code"], garbage: ["code"] },
  },
  {
    name: "resend verification",
    as: "anonymous",
    page: "verifyEmail",
    errors: { empty: ["email"], garbage: ["email"] },
  },
  {
    name: "forgot password",
    as: "anonymous",
    page: "forgotPassword",
    errors: { empty: ["email"], garbage: ["email"] },
  },
  {
    name: "reset password",
    as: "anonymous",
    page: "resetPassword",
    query: "?token=made-up-token",
    errors: { empty: ["password", "confirmPassword"], garbage: ["confirmPassword"] },
  },
  { name: "my account", as: "orgAdmin", page: "account", errors: { empty: ["name"], garbage: ["locale"] } },
  {
    name: "turn on two-step verification",
    as: "orgAdmin",
    page: "accountSecurity",
    form: 'main form:has(input[name="intent"][value="start"])',
    errors: { empty: ["password"], garbage: ["password"] },
  },
  {
    name: "change password",
    as: "orgAdmin",
    page: "accountSecurity",
    form: 'main form:has(input[name="intent"][value="changePassword"])',
    errors: {
      empty: ["currentPassword", "newPassword", "confirmNewPassword"],
      garbage: ["confirmNewPassword"],
    },
  },
  {
    name: "invite a member",
    as: "orgAdmin",
    page: "orgMemberInvite",
    errors: { empty: ["email", "roles"], garbage: ["email", "roles", "lang"] },
  },
  {
    name: "change roles",
    as: "orgAdmin",
    page: "orgMember",
    form: 'main form:has(input[name="intent"][value="roles"])',
    errors: { empty: ["roles"], garbage: ["roles"] },
  },
  {
    name: "remove member",
    as: "orgAdmin",
    page: "orgMember",
    form: 'main form:has(input[name="intent"][value="remove"])',
    errors: { empty: ["confirm"], garbage: ["confirm"] },
  },
  {
    name: "organization settings",
    as: "orgAdmin",
    page: "orgSettings",
    errors: { empty: ["nameEn", "nameFr", "jurisdiction"], garbage: ["orderOfGovernment", "jurisdiction"] },
  },
  {
    name: "add an organization",
    as: "platformAdmin",
    page: "adminOrgs",
    errors: {
      empty: ["slug", "nameEn", "nameFr", "jurisdiction", "adminEmail"],
      garbage: ["slug", "nameFr", "orderOfGovernment", "jurisdiction", "adminEmail", "adminLang"],
    },
  },
  // Empty is a valid answer here (no single sign-on domain).
  {
    name: "single sign-on domain",
    as: "platformAdmin",
    page: "adminOrg",
    errors: { empty: [], garbage: ["ssoDomain"] },
  },
  {
    name: "new bank question",
    as: "designer",
    page: "questionBankNew",
    errors: {
      empty: ["textEn", "textFr", "channels", "module"],
      garbage: ["helpEn", "type", "scale", "min", "channels", "dimension", "driver", "element", "variant", "module"],
    },
  },
  {
    name: "new survey",
    as: "designer",
    page: "surveyNew",
    errors: {
      empty: ["titleEn", "titleFr", "serviceEn", "serviceFr", "channels"],
      garbage: ["serviceEn", "channels", "variant"],
    },
  },
  {
    name: "survey settings",
    as: "designer",
    page: "surveySettings",
    form: 'main form:has(input[name="titleEn"])',
    errors: {
      empty: ["titleEn", "titleFr", "serviceEn", "serviceFr"],
      garbage: ["serviceEn", "opensAt", "closesAt", "responseTarget"],
    },
  },
  {
    name: "survey privacy settings",
    as: "designer",
    page: "surveySettings",
    form: 'main form:has(input[name="intent"][value="privacy"])',
    errors: { empty: ["anonymous", "retentionMonths"], garbage: ["anonymous", "retentionMonths"] },
  },
  {
    name: "delete a survey",
    as: "designer",
    page: "surveyDelete",
    errors: { empty: ["confirmTitle"], garbage: ["confirmTitle"] },
  },
  {
    name: "delete a response",
    as: "designer",
    page: "surveyResponse",
    form: 'main form:has(input[name="intent"][value="delete"])',
    errors: { empty: ["confirm"], garbage: ["confirm"] },
  },
  {
    name: "response filters",
    as: "designer",
    page: "surveyResponses",
    form: 'main form[method="get"]',
    method: "get",
    errors: { empty: [], garbage: ["status", "channel"] },
  },
  {
    name: "add a question to a survey",
    as: "designer",
    page: "survey",
    form: 'main form:has(input[name="op"][value="addQuestion"])',
    errors: { empty: ["questionCode"], garbage: ["questionCode", "pageKey"] },
  },
  {
    name: "add a page to a survey",
    as: "designer",
    page: "survey",
    form: 'main form:has(input[name="op"][value="addPage"])',
    errors: { empty: ["titleEn", "titleFr"], garbage: [] },
  },
  {
    name: "upload contacts",
    as: "designer",
    page: "surveyInvitations",
    form: 'main form:has(input[name="intent"][value="upload"])',
    errors: { empty: ["file"], garbage: ["file", "defaultLang"] },
  },
  {
    name: "reminders and contact list",
    as: "designer",
    page: "surveyInvitations",
    form: 'main form:has(input[name="intent"][value="settings"])',
    errors: { empty: ["reminderInterval"], garbage: ["reminderInterval", "reminderMax", "keepContacts"] },
  },
  {
    name: "delete the contact list",
    as: "designer",
    page: "surveyInvitations",
    form: 'main form:has(input[name="intent"][value="delete"])',
    errors: { empty: ["confirm"], garbage: ["confirm"] },
  },
  {
    name: "upload a file to import",
    as: "designer",
    page: "surveyImport",
    errors: { empty: ["file"], garbage: ["file"] },
  },
  {
    name: "match columns to questions",
    as: "designer",
    page: "surveyImportStep",
    query: "?step=mapping",
    form: 'main form:has(input[name="intent"][value="mapping"])',
    errors: { empty: [], garbage: ["col_0", "col_1"] },
  },
  {
    name: "create an API token",
    as: "orgAdmin",
    page: "orgApiTokens",
    form: 'main form:has(input[name="tokenName"])',
    errors: { empty: ["tokenName", "scopes"], garbage: ["scopes", "expires"] },
  },
  {
    name: "a survey's service type for benchmarking",
    as: "designer",
    page: "surveyBenchmark",
    form: 'main form:has(select[name="serviceType"])',
    errors: { empty: ["serviceType"], garbage: ["serviceType"] },
  },
  {
    name: "resume a survey",
    as: "anonymous",
    page: "respondStart",
    form: 'main form:has(input[name="intent"][value="resume"])',
    errors: { empty: ["resumeCode"], garbage: ["resumeCode"] },
  },
  {
    name: "question bank search",
    as: "orgAdmin",
    page: "questionBank",
    method: "get",
    errors: { empty: [], garbage: ["channel", "dimension", "driver", "element", "variant", "module"] },
  },
  {
    name: "report choices",
    as: "designer",
    page: "surveyReport",
    form: 'main form[method="get"]',
    method: "get",
    errors: { empty: [], garbage: ["format", "language", "version", "channel", "from", "to"] },
  },
  {
    name: "report by email",
    as: "designer",
    page: "surveyReport",
    form: 'main form:has(input[name="intent"][value="subscribe"])',
    errors: { empty: ["lang", "formats"], garbage: ["lang", "formats"] },
  },
  {
    name: "audit log filters",
    as: "orgAdmin",
    page: "orgAudit",
    method: "get",
    errors: { empty: [], garbage: ["action", "kind", "from", "to"] },
  },
];

/** Empties every field of the form, or fills each with garbage and unknown choices. */
async function prepare(page: Page, formSelector: string, variant: "empty" | "garbage") {
  await page.locator(formSelector).evaluate(
    (form, { variant, garbage, unknown }) => {
      let i = 0;
      for (const el of Array.from(form.querySelectorAll("input, select, textarea"))) {
        if (el instanceof HTMLInputElement && el.type === "hidden") continue;
        if (el instanceof HTMLInputElement && (el.type === "checkbox" || el.type === "radio")) {
          el.checked = false;
          if (variant === "garbage" && el.closest("fieldset") && !el.id.includes("-")) {
            // The first box of a group: an option the server does not know.
            el.value = unknown;
            el.checked = true;
          }
          continue;
        }
        if (el instanceof HTMLSelectElement) {
          if (variant === "garbage") {
            const option = document.createElement("option");
            option.value = unknown;
            option.textContent = unknown;
            el.append(option);
            el.value = unknown;
          }
          continue;
        }
        const field = el as HTMLInputElement | HTMLTextAreaElement;
        if (field instanceof HTMLInputElement) field.type = "text";
        field.value = variant === "empty" ? "" : (garbage[i++ % garbage.length] as string);
      }
    },
    { variant, garbage: GARBAGE, unknown: UNKNOWN },
  );
}

describe("every form, submitted empty and with garbage", () => {
  // Each variant in one language, alternating from form to form, so both
  // languages see both kinds of mistakes without doubling the run time.
  const cases = formCases.flatMap((f, i) =>
    (["empty", "garbage"] as const)
      .filter((variant) => f.errors[variant].length > 0)
      .map((variant) => ({ ...f, variant, lang: langs[(i + (variant === "empty" ? 0 : 1)) % 2] as Lang })),
  );
  test.each(cases)(
    "$lang: $name, $variant",
    async ({ as, page: pageId, query = "", form, method = "post", errors, variant, lang }) => {
      const page = visitors[as];
      const path = pathFor(pageId, lang, paramsFor(pageId)) + query;
      await page.goto(path);
      const formSelector = form ?? "main form";
      expect(await page.locator(formSelector).count(), `one form ${formSelector} on ${path}`).toBe(1);
      await prepare(page, formSelector, variant);
      const response = await submitNoJs(page, page.locator(formSelector).locator('button[type="submit"]'));

      if (method === "post") {
        expect(response.request().method()).toBe("POST");
        expect(response.status(), `POST ${path} (${variant})`).toBe(400);
      } else {
        // A GET filter shows its errors on the page it lists.
        expect(response.request().method()).toBe("GET");
        expect(response.status(), `GET ${page.url()} (${variant})`).toBe(200);
      }
      expect(new URL(page.url()).pathname).toBe(pathFor(pageId, lang, paramsFor(pageId)));
      await expectWellFormed(page, lang, `${path} after a ${variant} submission`);

      const summary = page.getByRole("alert");
      expect(await summary.count()).toBe(1);
      expect((await summary.locator("h2").innerText()).trim()).toBe(
        lang === "en" ? "There is a problem" : "Il y a un problème",
      );
      const hrefs = await summary.locator("a").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
      expect(hrefs.map((h) => h.slice(1)).sort(), "fields in the error summary").toEqual([...errors[variant]].sort());
      for (const href of hrefs) {
        const id = href.slice(1);
        const target = page.locator(formSelector).locator(`[id="${id}"]`);
        expect(await target.count(), `${href} leads to a field of the form`).toBe(1);
        expect(await target.evaluate((el) => el.tagName)).toMatch(/^(INPUT|SELECT|TEXTAREA)$/);
        // The field's own message, tied to it for screen readers.
        const message = page.locator(`[id="${id}-error"]`);
        expect(await message.count(), `message for ${id}`).toBe(1);
        const describedBy = await page.locator(formSelector).locator(`[aria-describedby~="${id}-error"]`).count();
        expect(describedBy, `a control or group of ${id} is described by its message`).toBeGreaterThan(0);
      }
      // Garbage comes back as text, never as markup.
      expect(await page.locator("main script").count()).toBe(0);
      await expectNoAxeViolations(page, `${path} after a ${variant} submission`);
    },
  );
});

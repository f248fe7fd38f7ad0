import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkboxes, emailField, parseForm, passwordField, requiredText } from "./forms.ts";

const schema = z.object({
  name: requiredText(10),
  email: emailField(),
  password: passwordField(),
  roles: checkboxes(z.enum(["a", "b"]), "members.errors.rolesRequired"),
});

const form = (entries: [string, string][]) => {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
};

describe("parseForm", () => {
  it("parses good input, trimming and lower-casing e-mail", () => {
    const result = parseForm(
      schema,
      form([
        ["name", " Ana "],
        ["email", " Ana@Example.CA"],
        ["password", "x".repeat(12)],
        ["roles", "a"],
        ["roles", "b"],
      ]),
    );
    expect(result).toMatchObject({ ok: true, data: { name: "Ana", email: "ana@example.ca", roles: ["a", "b"] } });
  });

  it("gives one translated key per bad field and never echoes the password", () => {
    const result = parseForm(
      schema,
      form([
        ["name", ""],
        ["email", "nope"],
        ["password", "short"],
      ]),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      name: "errors.required",
      email: "errors.email",
      password: "errors.passwordTooShort",
      roles: "members.errors.rolesRequired",
    });
    expect(result.values).not.toHaveProperty("password");
  });

  it("never throws and only answers with catalogue keys, whatever is posted", () => {
    const field = fc.constantFrom("name", "email", "password", "roles", "_csrf", "other", "__proto__", "constructor");
    fc.assert(
      fc.property(fc.array(fc.tuple(field, fc.string({ maxLength: 300 })), { maxLength: 12 }), (entries) => {
        const result = parseForm(schema, form(entries));
        if (!result.ok) {
          for (const key of Object.values(result.errors)) expect(key).toMatch(/^[a-zA-Z]+(\.[a-zA-Z]+)+$/);
        }
      }),
      { numRuns: 300 },
    );
  });
});

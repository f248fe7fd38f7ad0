import { afterEach, beforeEach, expect, vi } from "vitest";

// A test that makes the code under test log an error fails, even if its own
// assertions pass: unexpected errors are bugs we want to see.
let errors: unknown[][] = [];

beforeEach(() => {
  errors = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    errors.push(args);
  });
});

afterEach(() => {
  vi.mocked(console.error).mockRestore();
  expect(errors, "console.error was called").toEqual([]);
});

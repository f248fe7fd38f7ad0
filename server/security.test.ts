import { request } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { describe, expect, it } from "vitest";
import { pathFor } from "#app/i18n/paths.ts";
import { IMPORT_MAX_BYTES } from "#app/modules/responses/import-file.server.ts";
import { API_MAX_BODY_BYTES } from "#app/modules/responses/ingest-api.ts";
import { loadSettings } from "#app/modules/platform/settings.server.ts";
import { bodyLimit, MAX_BODY_BYTES, newNonce, requestGuards } from "./security.ts";

describe("body limits", () => {
  it("allow a spreadsheet on the import pages only, and a batch on the API only", () => {
    const params = { org: "citizen-services-canada", surveyId: "0e3c1bd5-3b2e-4a57-9f43-6a3ac4c21b3f", importId: "x" };
    for (const lang of ["en", "fr"] as const) {
      expect(bodyLimit(pathFor("surveyImport", lang, params))).toBe(IMPORT_MAX_BYTES + MAX_BODY_BYTES);
      expect(bodyLimit(pathFor("surveyImportStep", lang, params))).toBe(IMPORT_MAX_BYTES + MAX_BODY_BYTES);
      expect(bodyLimit(pathFor("survey", lang, params))).toBe(MAX_BODY_BYTES);
      expect(bodyLimit(`${pathFor("surveyImportStep", lang, params)}/more`)).toBe(MAX_BODY_BYTES);
    }
    expect(bodyLimit(`/api/v1/surveys/${params.surveyId}/responses`)).toBe(API_MAX_BODY_BYTES);
    expect(bodyLimit("/api/v1/orgs/citizen-services-canada/members")).toBe(MAX_BODY_BYTES);
    expect(bodyLimit("/en/sign-in")).toBe(MAX_BODY_BYTES);
  });
});

describe("nonces", () => {
  it("are 16 random bytes each, never repeated across pool refills", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const nonce = newNonce();
      expect(Buffer.from(nonce, "base64")).toHaveLength(16);
      seen.add(nonce);
    }
    expect(seen.size).toBe(1000);
  });
});

/** One request with any method (fetch refuses TRACE itself): its status and Allow header. */
function send(port: number, method: string): Promise<{ status?: number; allow?: string | string[] }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: "/en", method }, (res) => {
      res.resume();
      resolve({ status: res.statusCode, allow: res.headers.allow });
    });
    req.on("error", reject);
    req.end();
  });
}

describe("methods", () => {
  it("a method the app does not take answers 405 with Allow before any route (TRACE reached React Router: a 500)", async () => {
    const app = express();
    app.use(requestGuards(loadSettings({ DATABASE_URL: "memory:" }), async () => false));
    app.use((_req, res) => void res.status(200).send("reached the app"));
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      for (const method of ["TRACE", "PROPFIND"]) {
        expect(await send(port, method), method).toEqual({
          status: 405,
          allow: "GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE",
        });
      }
      expect((await send(port, "GET")).status).toBe(200);
    } finally {
      server.close();
    }
  });
});

/** Announces a body of `length` bytes without sending it: the guard answers from the headers. */
function announce(port: number, path: string, length: number): Promise<{ status?: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: "127.0.0.1",
      port,
      path,
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(length) },
    });
    req.on("response", async (res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of res) chunks.push(chunk as Buffer);
      resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString("utf8") });
      req.destroy();
    });
    req.on("error", reject);
    req.flushHeaders();
  });
}

describe("large bodies", () => {
  it("are let through to a route that takes files only for a known sender, asked only when the body is large", async () => {
    const asked: string[] = [];
    let known = false;
    const app = express();
    app.use(
      requestGuards(loadSettings({ DATABASE_URL: "memory:" }), async (req) => {
        asked.push(req.path);
        return known;
      }),
    );
    app.use((_req, res) => void res.status(200).send("reached the app"));
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const { port } = server.address() as AddressInfo;
    const params = { org: "citizen-services-canada", surveyId: "0e3c1bd5-3b2e-4a57-9f43-6a3ac4c21b3f" };
    const importFr = pathFor("surveyImport", "fr", params);
    const api = `/api/v1/surveys/${params.surveyId}/responses`;
    const twoMiB = 2 * 1024 * 1024;
    try {
      const stranger = await announce(port, importFr, twoMiB);
      expect(stranger.status).toBe(413);
      expect(stranger.text).toContain("Connectez-vous, puis envoyez de nouveau le fichier");
      expect(stranger.text).toContain(`href="/fr/connexion?next=${encodeURIComponent(importFr)}"`);
      expect(await announce(port, api, twoMiB)).toEqual({ status: 413, text: '{"error":"PayloadTooLarge"}' });
      // Small bodies never wait for the check.
      expect((await announce(port, importFr, 1000)).status).toBe(200);
      expect(asked).toEqual([importFr, api]);

      known = true;
      expect((await announce(port, importFr, twoMiB)).status).toBe(200);
      expect((await announce(port, api, twoMiB)).status).toBe(200);
      // Past the route's own limit no one is asked, and other routes keep the small limit for everyone.
      expect((await announce(port, importFr, IMPORT_MAX_BYTES + MAX_BODY_BYTES + 1)).text).toContain(
        "Le fichier dépasse 50",
      );
      expect((await announce(port, "/fr/connexion", twoMiB)).status).toBe(413);
      expect(asked).toHaveLength(4);
    } finally {
      server.close();
    }
  });
});

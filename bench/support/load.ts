import http from "node:http";
import { NoScriptBrowser } from "./browser.ts";
import type { Latencies } from "./latencies.ts";
import { type Journey, newJourney, respond } from "./respondent.ts";

// N respondents at once, each starting a new response as soon as the last one
// is done, until told to stop. Without think time the server's capacity, not
// people's reading speed, sets the pace.

export interface LoadOptions {
  baseUrl: string;
  publicKey: string;
  respondents: number;
  latencies: Latencies;
  retryForMs: number;
  /** Time each respondent spends on a page before pressing its button, on average. */
  thinkMs: number;
  /** Respondents arrive one by one over this time, not all in the same instant. */
  rampMs: number;
  /** Asked before each new response; false lets the respondent stop. */
  keepGoing: () => boolean;
}

export interface LoadResult {
  journeys: Journey[];
  /** Responses acknowledged (thank-you page seen) while latencies were being measured. */
  measuredCompletions: number;
  errors: Map<string, number>;
}

export async function runRespondents(options: LoadOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true });
  const result: LoadResult = { journeys: [], measuredCompletions: 0, errors: new Map() };
  let n = 0;
  const respondent = async (_: unknown, i: number) => {
    await new Promise((r) => setTimeout(r, (i * options.rampMs) / options.respondents));
    while (options.keepGoing()) {
      const journey = newJourney();
      result.journeys.push(journey);
      const browser = new NoScriptBrowser({
        baseUrl: options.baseUrl,
        agent,
        latencies: options.latencies,
        retryForMs: options.retryForMs,
      });
      try {
        await respond(browser, options.publicKey, journey, n++, options.thinkMs);
        if (options.latencies.measuring) result.measuredCompletions++;
      } catch (error) {
        const message = (error as { code?: string }).code ?? (error as Error).message;
        result.errors.set(message, (result.errors.get(message) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: options.respondents }, respondent));
  agent.destroy();
  return result;
}

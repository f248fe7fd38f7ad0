// The one way to draw a chart: Observable Plot, on the server, with linkedom as
// the document. No client script; the SVG uses currentColor and classes so the
// page's CSS (charts.css) and forced colours decide what it looks like.
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";

/** Text in charts is never smaller than this (px, at the SVG's natural size). */
export const CHART_FONT_SIZE = 13;
export const CHART_WIDTH = 640;

export interface SvgText {
  title: string;
  desc: string;
}

/** Plot's options, minus what the renderer decides for every chart. */
export type PlotSpec = Omit<Plot.PlotOptions, "document" | "figure" | "title" | "caption" | "subtitle">;

function documentForPlot(): Document {
  return parseHTML("<!doctype html><html><body></body></html>").document as unknown as Document;
}

/**
 * Renders a Plot to an SVG string. Pure: same input, same output. The SVG has
 * role="img", a <title> and <desc>, text at CHART_FONT_SIZE px, no id
 * attributes (several charts can share a page) and no aria-label inside.
 */
export function plotToSvg(spec: PlotSpec, text: SvgText): string {
  const document = documentForPlot();
  const svg = Plot.plot({
    width: CHART_WIDTH,
    ...spec,
    style: { fontSize: `${CHART_FONT_SIZE}px`, ...styleObject(spec.style) },
    document,
  }) as unknown as SVGSVGElement;
  svg.setAttribute("font-size", String(CHART_FONT_SIZE));
  svg.setAttribute("role", "img");
  svg.setAttribute("class", "chart__svg");
  for (const element of Array.from(svg.querySelectorAll("[id]"))) element.removeAttribute("id");
  // The image is one role="img" with <title> and <desc>; Plot's aria-labels on
  // plain <g> elements are not allowed there (axe: aria-prohibited-attr).
  for (const element of Array.from(svg.querySelectorAll("[aria-label]"))) element.removeAttribute("aria-label");
  // Plot's own <style> only sets a white background and sizing; the page's CSS does that.
  for (const style of Array.from(svg.querySelectorAll("style"))) style.remove();
  const desc = document.createElementNS("http://www.w3.org/2000/svg", "desc");
  desc.textContent = text.desc;
  const title = document.createElementNS("http://www.w3.org/2000/svg", "title");
  title.textContent = text.title;
  svg.insertBefore(desc, svg.firstChild);
  svg.insertBefore(title, svg.firstChild);
  if (!svg.getAttribute("xmlns")) svg.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  return svg.outerHTML;
}

function styleObject(style: PlotSpec["style"]): Record<string, string> {
  return style && typeof style === "object" ? (style as Record<string, string>) : {};
}

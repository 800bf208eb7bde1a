/** Reports: figures as ratios to a baseline, Markdown, JSON and an SVG chart. */
package dev.roocode.bench.report;

package io.matview.observe;

/**
 * Something about a view worth changing: what, why, and how.
 *
 * @param reason what was measured, with the numbers
 * @param fix what to change
 */
public record Advice(AdviceKind kind, String reason, String fix) {
}

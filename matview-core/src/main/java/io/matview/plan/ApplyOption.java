package io.matview.plan;

/** Switches for {@code Matview.apply(...)}. */
public enum ApplyOption {
    /** Drop managed views whose files are gone; without it such a plan is refused whole. */
    ALLOW_DROP
}

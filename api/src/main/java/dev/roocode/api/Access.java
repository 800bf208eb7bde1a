package dev.roocode.api;

/** Who may call a route. */
public enum Access {
    /** Anyone (health, the console's sign-in page and static assets). */
    PUBLIC,
    /** Any valid key; the route sees only its caller's tenant. */
    KEY,
    /** Admin keys only; another key gets 403. */
    ADMIN
}

/** The web console under {@code /console}: server-rendered pages on the admin operations, signed in with an admin key. */
package dev.roocode.api.admin.console;

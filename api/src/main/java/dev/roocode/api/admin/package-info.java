/** Admin endpoints (admin keys only) and the web console. */
package dev.roocode.api.admin;

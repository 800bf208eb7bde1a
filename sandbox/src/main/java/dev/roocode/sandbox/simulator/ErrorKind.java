package dev.roocode.sandbox.simulator;

/** The errors the simulator produces, each with its HTTP status; a {@link WireFormat} renders the body. */
enum ErrorKind {
  INVALID_JSON(400),
  MISSING_PARAMETER(400),
  INVALID_VALUE(400),
  INVALID_API_KEY(401),
  NOT_FOUND(404),
  METHOD_NOT_ALLOWED(405),
  RATE_LIMIT_REQUESTS(429),
  RATE_LIMIT_TOKENS(429),
  SERVER_ERROR(500),
  OVERLOADED(503);

  final int status;

  ErrorKind(int status) {
    this.status = status;
  }
}

// A function's own 503 is a proxy result like any other, passed through untouched.
exports.handler = async () => ({
  statusCode: 503,
  headers: { "Content-Type": "application/json", "Retry-After": "1" },
  body: JSON.stringify({ error: { code: "unavailable", message: "try again" } }),
});

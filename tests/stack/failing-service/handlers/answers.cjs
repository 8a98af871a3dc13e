// Answers 200: the gateway passes a proxy result through untouched.
exports.handler = async () => ({ statusCode: 200, body: JSON.stringify({ ok: true }) });

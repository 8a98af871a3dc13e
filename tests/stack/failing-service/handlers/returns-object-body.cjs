// Returns a body that is not a string: not a proxy result.
exports.handler = async () => ({ statusCode: 200, body: { ok: true } });

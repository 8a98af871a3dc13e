// Returns an object without a statusCode: not a proxy result.
exports.handler = async () => ({ ok: true });

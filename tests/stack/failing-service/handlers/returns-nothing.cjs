// Returns undefined: not a proxy result.
exports.handler = async () => undefined;

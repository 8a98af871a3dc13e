// Never answers, so the function's timeout ends it.
exports.handler = () => new Promise(() => undefined);

// Throws outside its promise, so the error is uncaught and the promise never settles.
exports.handler = () =>
  new Promise(() => {
    setImmediate(() => {
      throw new Error("crashed outside the handler's promise");
    });
  });

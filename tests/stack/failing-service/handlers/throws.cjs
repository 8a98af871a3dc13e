// Rejects: an unhandled error in the handler.
exports.handler = async () => {
  throw new Error("something broke");
};

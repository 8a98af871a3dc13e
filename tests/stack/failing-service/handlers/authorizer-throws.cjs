// An authorizer whose store is down: it fails with something other than "Unauthorized".
exports.handler = async () => {
  throw new Error("the users store does not answer");
};

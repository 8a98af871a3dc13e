// An authorizer that refuses every caller, the way Agora's does: API Gateway's 401.
exports.handler = async () => {
  throw new Error("Unauthorized");
};

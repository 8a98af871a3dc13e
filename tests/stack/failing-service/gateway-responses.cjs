module.exports = require("../../../local/serverless-plugins/offline-gateway-responses.cjs");

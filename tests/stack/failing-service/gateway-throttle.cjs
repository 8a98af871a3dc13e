module.exports = require("../../../local/serverless-plugins/offline-gateway-throttle.cjs");

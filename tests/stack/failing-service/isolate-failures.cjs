module.exports = require("../../../local/serverless-plugins/offline-isolate-failures.cjs");

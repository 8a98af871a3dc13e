// Fails at cold start, as a function with a malformed setting does.
throw new Error("invalid configuration: SOME_SETTING: Required");

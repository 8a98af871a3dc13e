// In-process handlers keep the bundle they first loaded until the gateway restarts
// (local/offline.ts), so under --useInProcess serverless-esbuild's file watcher and its
// incremental build contexts serve nothing: each save rebuilt every function in every
// gateway worker for handlers that never load the result, and esbuild's service process
// stayed, holding about 1.3 GB per worker. In that mode only, this plugin turns both off
// and stops the service once the bundles are built; --reloadHandler and the worker-threads
// mode, which do load new bundles, keep them. It relies on serverless-esbuild's
// getBuildOptions() and watch() (its `skipRebuild` option is the documented switch; the
// watcher has none), and on its hooks running before this plugin's (serverless.yml's order).
"use strict";

class OfflineInProcessBundles {
  constructor(serverless, options) {
    if (!options?.useInProcess) return;
    const esbuild = serverless.pluginManager.plugins.find(
      (plugin) => plugin.constructor?.name === "EsbuildServerlessPlugin",
    );
    // Should a serverless-esbuild upgrade rename these, the stack runs as before, with the
    // watcher and the service: the plugin then does nothing.
    if (typeof esbuild?.getBuildOptions !== "function" || typeof esbuild.watch !== "function") {
      return;
    }
    const buildOptions = esbuild.getBuildOptions.bind(esbuild);
    esbuild.getBuildOptions = () => ({ ...buildOptions(), skipRebuild: true });
    esbuild.watch = () => undefined;
    this.hooks = {
      "before:offline:start:init": () => require("esbuild").stop(),
      "before:offline:start": () => require("esbuild").stop(),
    };
  }
}

module.exports = OfflineInProcessBundles;

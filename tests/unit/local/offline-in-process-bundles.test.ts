// The plugin that spares in-process gateway workers serverless-esbuild's rebuilds
// (local/serverless-plugins/offline-in-process-bundles.cjs), on a stand-in of the esbuild
// plugin: what it changes under --useInProcess, and that it changes nothing otherwise.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

type Plugin = new (
  serverless: unknown,
  options: Record<string, unknown>,
) => { hooks?: Record<string, () => unknown> };
const OfflineInProcessBundles = createRequire(import.meta.url)(
  "../../../local/serverless-plugins/offline-in-process-bundles.cjs",
) as Plugin;

class EsbuildServerlessPlugin {
  watched = false;
  getBuildOptions() {
    return { bundle: true, minify: true };
  }
  watch() {
    this.watched = true;
  }
}

const serverlessWith = (...plugins: object[]) => ({ pluginManager: { plugins } });

describe("offline-in-process-bundles", () => {
  it("under --useInProcess: no incremental contexts, no watcher, esbuild stopped after bundling", () => {
    const esbuild = new EsbuildServerlessPlugin();
    const plugin = new OfflineInProcessBundles(serverlessWith(esbuild), { useInProcess: true });
    expect(esbuild.getBuildOptions()).toEqual({ bundle: true, minify: true, skipRebuild: true });
    esbuild.watch();
    expect(esbuild.watched).toBe(false);
    expect(Object.keys(plugin.hooks ?? {})).toEqual([
      "before:offline:start:init",
      "before:offline:start",
    ]);
  });

  it("changes nothing in the modes that load rebuilt bundles", () => {
    const esbuild = new EsbuildServerlessPlugin();
    const plugin = new OfflineInProcessBundles(serverlessWith(esbuild), { reloadHandler: true });
    expect(esbuild.getBuildOptions()).toEqual({ bundle: true, minify: true });
    esbuild.watch();
    expect(esbuild.watched).toBe(true);
    expect(plugin.hooks).toBeUndefined();
  });

  it("does nothing, rather than fail, on a serverless-esbuild it does not recognize", () => {
    class EsbuildServerlessPluginRenamed {
      buildOptions = () => ({ bundle: true });
    }
    const renamed = new EsbuildServerlessPluginRenamed();
    Object.defineProperty(renamed.constructor, "name", { value: "EsbuildServerlessPlugin" });
    const plugin = new OfflineInProcessBundles(serverlessWith(renamed), { useInProcess: true });
    expect(plugin.hooks).toBeUndefined();
    expect(
      new OfflineInProcessBundles(serverlessWith(), { useInProcess: true }).hooks,
    ).toBeUndefined();
  });
});

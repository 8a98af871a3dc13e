// API Gateway's own cache of the authorizer's answers (in AWS; serverless-offline keeps
// none). Until it expires, the gateway allows cached credentials without calling the
// authorizer, so a deactivation flushes the stage's cache. A flush that fails is logged and
// never fails the deactivation: the cached answers then expire within the TTL, as before.
import { APIGatewayClient, FlushStageAuthorizersCacheCommand } from "@aws-sdk/client-api-gateway";
import { describeError, log } from "../log";

export interface GatewayAuthorizerCache {
  /** Forgets every authorizer answer the stage has cached; never throws. */
  flush(): Promise<void>;
}

export interface GatewayStage {
  restApiId: string;
  stageName: string;
  region: string;
  /** An emulated gateway's management endpoint; unset in AWS. */
  endpoint?: string;
}

/** For a gateway without a cache (`stage` undefined), flushing does nothing. */
export function createGatewayAuthorizerCache(
  stage: GatewayStage | undefined,
): GatewayAuthorizerCache {
  if (stage === undefined) return { flush: async () => undefined };
  const { restApiId, stageName, region, endpoint } = stage;
  let client: APIGatewayClient | undefined;

  return {
    async flush() {
      try {
        client ??= new APIGatewayClient({
          region,
          endpoint,
          requestHandler: { connectionTimeout: 1000, requestTimeout: 3000 },
        });
        await client.send(new FlushStageAuthorizersCacheCommand({ restApiId, stageName }));
        log.info("gateway authorizer cache flushed", { restApiId, stageName });
      } catch (error) {
        log.error("gateway authorizer cache not flushed; its answers expire within the TTL", {
          restApiId,
          stageName,
          ...describeError(error),
        });
      }
    },
  };
}

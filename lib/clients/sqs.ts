// The one SQS client, created once per Lambda instance and reused: the ratings store's gossip
// channels in AWS (lib/ratings/sqs-gossip-queue.ts). Nothing emulates SQS locally.
import { SQSClient } from "@aws-sdk/client-sqs";
import { config } from "../config";

export const sqs = new SQSClient({ region: config.AWS_REGION });

// Votes as the API speaks of them: "up", "down", "none", and the ids it accepts.
import * as z from "zod";
import type { Direction } from "./store";

export const directionSchema = z.enum(["up", "down", "none"]);
export type DirectionName = z.output<typeof directionSchema>;

/** Post ids are the posts service's UUIDs; votes never ask it whether one exists. */
export const postIdSchema = z.uuid();

const DIRECTIONS: Record<DirectionName, Direction> = { up: 1, down: -1, none: 0 };

export function directionOf(name: DirectionName): Direction {
  return DIRECTIONS[name];
}

import type { Principal } from '../auth/principal.js';
import { assertManagesPark } from '../auth/park-access.js';
import type { DbOrTx } from '../db/database.js';
import type { ParkNoticeKind, ParkRobotKind } from '../db/schema.js';
import { getOrganization } from '../organizations/organizations-service.js';
import { deleteRobot, insertNotice, putRobot, robotOf, type RobotRow } from './park-notices-dal.js';
import { ConflictError } from '../errors/http-errors.js';
import type { DbDeps } from '../services/service-deps.js';
import { nowDate } from '../time/clock.js';
import { utc } from '../time/instants.js';
import { sealSecrets, secretNames } from '../channels/channel-secrets.js';
import { checkConfig, type ChannelDeps } from '../channels/channels-service.js';
import { robotKey } from '../channels/robot-address.js';


export interface ParkRobotInput {
  kind: ParkRobotKind;
  key: string;
  secret?: string;
}

function view(secretKey: string, row: RobotRow) {
  return { organizationId: row.organizationId, kind: row.kind, secretsSet: secretNames(secretKey, row.sealedSecrets), updatedAt: utc(row.updatedAt) };
}

/** The park (or base) whose robot it is: its own managers and coordinators only. */
function assertPark({ db }: DbDeps, principal: Principal, organizationId: number) {
  const park = getOrganization({ db }, organizationId);
  assertManagesPark(principal, organizationId);
  if (park.kind !== 'park' && park.kind !== 'base') {
    throw new ConflictError(`${park.name} has no venues: only parks and bases are told of booking requests.`, { rule: 'not-a-park' }).say('errNotAPark', { name: park.name });
  }
  return park;
}

/**
 * Registers (or replaces) a park's group robot for booking requests: a WeCom, DingTalk or Feishu
 * robot, its key (or whole webhook address) and signing secret sealed like a channel's.
 */
export async function setParkRobot(deps: ChannelDeps, principal: Principal, organizationId: number, input: ParkRobotInput) {
  assertPark(deps, principal, organizationId);
  const config = { key: robotKey(input.kind, input.key), ...(input.secret ? { secret: input.secret } : {}) };
  await checkConfig(deps, input.kind, config);
  const values = { kind: input.kind, sealedSecrets: sealSecrets(deps.secretKey, config)!, updatedAt: nowDate() };
  const row = putRobot(deps.db, organizationId, values);
  return view(deps.secretKey, row);
}

export function getParkRobot(deps: DbDeps & { secretKey: string }, principal: Principal, organizationId: number) {
  assertPark(deps, principal, organizationId);
  const row = robotOf(deps.db, organizationId);
  return row ? view(deps.secretKey, row) : null;
}

/** Stops telling the park's group (notices not yet sent are dropped with it). */
export function removeParkRobot(deps: DbDeps, principal: Principal, organizationId: number): void {
  assertPark(deps, principal, organizationId);
  deps.db.transaction((tx) => {
    const row = robotOf(tx, organizationId);
    if (row) deleteRobot(tx, row.id);
  });
}

/** In the transaction of a new or withdrawn request: a post for the park's group, when it has a robot. */
export function queueParkNotice(tx: DbOrTx, parkId: number, bookingId: number, kind: ParkNoticeKind): void {
  const robot = robotOf(tx, parkId);
  if (robot) insertNotice(tx, { robotId: robot.id, bookingId, kind, updatedAt: nowDate() });
}

import { ForbiddenError } from '../errors/http-errors.js';
import type { Principal } from './principal.js';

/** Coordinators act on any park; a park manager only on the park (or base) they belong to. */
export function canManagePark(principal: Principal, parkOrganizationId: number): boolean {
  return principal.role === 'coordinator' || (principal.role === 'park_manager' && principal.organizationId === parkOrganizationId);
}

export function assertManagesPark(principal: Principal, parkOrganizationId: number): void {
  if (!canManagePark(principal, parkOrganizationId)) {
    throw new ForbiddenError('Park managers act only on their own park’s venues and requests.').say('errNotYourPark');
  }
}

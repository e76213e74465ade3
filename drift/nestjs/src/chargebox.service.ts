// The charge boxes in memory, rendered as the bundled mock renders them (mock/server.py's
// `chargebox_json`, `page_json`, `models_json`, `command_json`), so that the only differences the
// drift guard can see are the framework's.
import { readFileSync } from 'node:fs';
import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';

export interface Connector {
  standard: string;
  format: string;
  powerType: string;
  maxElectricPower: number;
  maxAmperage: number;
  maxVoltage: number;
}

/** A model as `GET /v2/chargeboxes/models` lists it (the spec's `ChargeBoxModel`). */
export interface ChargeBoxModel {
  id: number;
  [field: string]: unknown;
}

/** A catalog model and the connectors of each of its EVSEs, which a new charge box is given. */
export interface SeedModel {
  model: ChargeBoxModel;
  evses: Connector[][];
}

export interface Evse {
  uid: number;
  connectors: Array<Record<string, unknown>>;
  [field: string]: unknown;
}

/** A charge box exactly as it is sent (the spec's `ChargeBox`). */
export interface ChargeBox {
  id: number;
  chargeBoxIdentity: string;
  isOnline: boolean;
  updatedAt: string;
  deletedAt: string | null;
  evses: Evse[];
  [field: string]: unknown;
}

/** What the app starts with: the model catalog and an account's charge boxes, ids included. */
export interface Seed {
  models: SeedModel[];
  chargeboxes: ChargeBox[];
}

export interface CommandResult {
  status: 'Accepted' | 'Rejected';
  error?: { message: string };
}

export interface ChargeBoxPage {
  data: ChargeBox[];
  nextPageCursor: string | null;
  previousPageCursor: string | null;
}

export interface NewChargeBox {
  serialNumber: string;
  locationId: number;
  modelId: number;
  chargeBoxIdentity?: string | null;
}

const AUTO_IDENTITY_PREFIX = 'DK.SPI.';

export function readSeed(path: string | undefined): Seed {
  if (path === undefined) {
    return { models: [], chargeboxes: [] };
  }
  return JSON.parse(readFileSync(path, 'utf8')) as Seed;
}

/** `YYYY-MM-DD HH:MM:SS` in UTC, the wire format of the spec's `Timestamp`. */
function wireTime(moment: Date): string {
  return moment.toISOString().slice(0, 19).replace('T', ' ');
}

function sixDigits(id: number): string {
  return String(id).padStart(6, '0');
}

// No "=" padding: a cursor survives being pasted into a query string unescaped.
function cursorOf(offset: number): string {
  return Buffer.from(String(offset)).toString('base64url');
}

@Injectable()
export class ChargeboxService {
  // Soft deletes keep the row, so a charge box's position never changes: cursors are positions.
  private readonly chargeboxes: ChargeBox[];
  private readonly byId = new Map<number, ChargeBox>();
  private readonly identities = new Set<string>();
  private readonly models: Map<number, SeedModel>;
  private nextId: number;
  private nextEvseUid: number;

  constructor(seed: Seed) {
    this.models = new Map(seed.models.map((entry) => [entry.model.id, entry]));
    this.chargeboxes = [...seed.chargeboxes].sort((a, b) => a.id - b.id);
    for (const chargebox of this.chargeboxes) {
      this.byId.set(chargebox.id, chargebox);
      this.identities.add(chargebox.chargeBoxIdentity);
    }
    const uids = this.chargeboxes.flatMap((chargebox) => chargebox.evses.map((evse) => evse.uid));
    this.nextId = Math.max(0, ...this.chargeboxes.map((chargebox) => chargebox.id)) + 1;
    this.nextEvseUid = Math.max(0, ...uids) + 1;
  }

  listModels(): { data: ChargeBoxModel[] } {
    const models = [...this.models.values()].map((entry) => entry.model);
    return { data: models.sort((a, b) => a.id - b.id) };
  }

  create(request: NewChargeBox): ChargeBox {
    const catalog = this.models.get(request.modelId);
    if (catalog === undefined) {
      const known = [...this.models.keys()].sort((a, b) => a - b).join(', ');
      throw new BadRequestException(`modelId must be one of the models (${known})`);
    }
    const wanted = request.chargeBoxIdentity?.trim() ? request.chargeBoxIdentity : undefined;
    if (wanted !== undefined && this.identities.has(wanted)) {
      throw new ConflictException(`chargeBoxIdentity ${wanted} is already in use`);
    }
    const id = this.nextId++;
    const now = wireTime(new Date());
    const chargebox: ChargeBox = {
      id,
      chargeBoxIdentity: wanted ?? this.freeIdentity(id),
      serialNumber: request.serialNumber,
      isOnline: false,
      locationId: request.locationId,
      updatedAt: now,
      createdAt: now,
      evses: catalog.evses.map((connectors, index) => ({
        uid: this.nextEvseUid++,
        evseId: `${AUTO_IDENTITY_PREFIX}E${sixDigits(id)}*${index + 1}`,
        chargeboxId: id,
        status: 'UNKNOWN', // OCPI's "no status information": it has never connected
        connectors: connectors.map((connector, number) => ({
          id: number + 1,
          ...connector,
          tariffIds: [],
          error: null,
          deletedAt: null,
        })),
      })),
      model: catalog.model,
      firmwareVersion: null,
      customer: null,
      lastConnectionEventAt: null,
      deletedAt: null,
    };
    this.chargeboxes.push(chargebox);
    this.byId.set(id, chargebox);
    this.identities.add(chargebox.chargeBoxIdentity);
    return chargebox;
  }

  get(id: number): ChargeBox | undefined {
    return this.byId.get(id);
  }

  /** Soft-delete: `deletedAt` set (connectors too), offline; deleting again changes nothing. */
  delete(id: number): ChargeBox | undefined {
    const chargebox = this.byId.get(id);
    if (chargebox === undefined || chargebox.deletedAt !== null) {
      return chargebox;
    }
    const now = wireTime(new Date());
    Object.assign(chargebox, { deletedAt: now, updatedAt: now, isOnline: false });
    for (const evse of chargebox.evses) {
      for (const connector of evse.connectors) {
        connector.deletedAt = now;
      }
    }
    return chargebox;
  }

  /** A reset or reboot: only a charge box that is connected can be reached. */
  command(id: number): CommandResult | undefined {
    const chargebox = this.byId.get(id);
    if (chargebox === undefined) {
      return undefined;
    }
    if (chargebox.deletedAt !== null) {
      return { status: 'Rejected', error: { message: `Charge box ${id} is deleted` } };
    }
    if (!chargebox.isOnline) {
      return { status: 'Rejected', error: { message: `Charge box ${id} is offline` } };
    }
    return { status: 'Accepted' };
  }

  page(limit: number, nextCursor?: string, previousCursor?: string): ChargeBoxPage {
    if (nextCursor !== undefined && previousCursor !== undefined) {
      throw new BadRequestException('nextPageCursor and previousPageCursor must not both be given');
    }
    let start: number;
    let end: number;
    if (previousCursor !== undefined) {
      end = this.offset('previousPageCursor', previousCursor);
      start = Math.max(0, end - limit);
    } else {
      start = nextCursor === undefined ? 0 : this.offset('nextPageCursor', nextCursor);
      end = start + limit;
    }
    const data = this.chargeboxes.slice(start, end);
    return {
      data,
      nextPageCursor: data.length > 0 && end < this.chargeboxes.length ? cursorOf(end) : null,
      previousPageCursor: data.length > 0 && start > 0 ? cursorOf(start) : null,
    };
  }

  private offset(name: string, cursor: string): number {
    const text = Buffer.from(cursor, 'base64url').toString('utf8');
    const offset = Number(text);
    // Only a cursor this server could have issued: the exact text, pointing inside the list.
    if (/^[0-9]{1,16}$/.test(text) && cursorOf(offset) === cursor) {
      if (offset >= 1 && offset <= this.chargeboxes.length) {
        return offset;
      }
    }
    throw new BadRequestException(`${name} must be a cursor from an earlier page`);
  }

  private freeIdentity(id: number): string {
    const base = `${AUTO_IDENTITY_PREFIX}${sixDigits(id)}`;
    // A client may already have chosen the identity this id would be given.
    let candidate = base;
    for (let n = 2; this.identities.has(candidate); n++) {
      candidate = `${base}-${n}`;
    }
    return candidate;
  }
}

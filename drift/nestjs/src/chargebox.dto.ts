// The request DTOs, validated by Nest's global ValidationPipe (class-validator, class-transformer).
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';

// An OCPP-J charge point identity is the last segment of the charger's websocket URL: OCPP 1.6J
// limits it to 48 printable characters and backends commonly allow only URL-safe ones.
export const IDENTITY_PATTERN = /^[A-Za-z0-9*\-_=:+|@.]{1,48}$/;

export class CreateChargeBoxDto {
  @IsString()
  @IsNotEmpty()
  serialNumber!: string;

  // Without the @Max a JavaScript number takes 2^63 - 1 in and gives 2^63 back.
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  locationId!: number;

  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  modelId!: number;

  // Left out, null or blank: the server generates one, so only a non-blank identity is checked.
  @IsOptional()
  @ValidateIf((_dto: object, value: unknown) => typeof value !== 'string' || value.trim() !== '')
  @IsString()
  @Matches(IDENTITY_PATTERN)
  chargeBoxIdentity?: string;
}

export class ListChargeBoxesQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 25;

  @IsOptional()
  @IsString()
  nextPageCursor?: string;

  @IsOptional()
  @IsString()
  previousPageCursor?: string;
}

export const RESET_TYPES = ['Hard', 'Soft'] as const;

export class ResetChargeBoxDto {
  @IsIn(RESET_TYPES)
  type!: (typeof RESET_TYPES)[number];
}

// The API-key guard of NestJS' authentication guide, keyed from the environment.
import { timingSafeEqual } from 'node:crypto';
import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';

export const API_KEY = Symbol('API_KEY');

@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly key: Buffer;

  constructor(@Inject(API_KEY) apiKey: string) {
    this.key = Buffer.from(apiKey, 'utf8');
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>();
    const header = request.headers.authorization;
    // No credentials at all: the guard says no, and Nest answers its 403 "Forbidden resource".
    if (typeof header !== 'string') {
      return false;
    }
    const [type, token] = header.split(' ');
    const presented = Buffer.from(token ?? '', 'utf8');
    const matches = presented.length === this.key.length && timingSafeEqual(presented, this.key);
    if (type !== 'Bearer' || !matches) {
      throw new UnauthorizedException();
    }
    return true;
  }
}

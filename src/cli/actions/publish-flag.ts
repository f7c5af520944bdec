// `cog exec -p` values (cli.md §9): `8000`, `0.0.0.0:8000`, `::1:8000`, `[::1]:8000`. The host
// port and the container port are always the same number; the host address defaults to
// 127.0.0.1. Pure, with the original's error texts.
import { CogError } from '../../cog-error.ts';
import type { PortBinding } from '../../image/container-options.ts';

export function parsePublish(value: string): PortBinding {
  const fail = (reason: string): CogError =>
    new CogError('USAGE', `invalid port "${value}": ${reason}`);
  if (value.trim() === '') throw fail('value cannot be empty');
  let host = '127.0.0.1';
  let portText = value;
  if (value.startsWith('[')) {
    const close = value.indexOf(']');
    if (close < 0) throw fail('missing closing bracket for IPv6 address');
    host = value.slice(1, close);
    const rest = value.slice(close + 1);
    if (rest === '') throw fail('port is required after IPv6 address');
    if (!rest.startsWith(':')) throw fail("expected ':' after ']'");
    portText = rest.slice(1);
  } else if (value.includes(':')) {
    const colon = value.lastIndexOf(':');
    host = value.slice(0, colon);
    portText = value.slice(colon + 1);
    if (host === '') throw fail('host cannot be empty');
  }
  if (!/^[+-]?\d+$/.test(portText))
    throw fail(`strconv.Atoi: parsing ${JSON.stringify(portText)}: invalid syntax`);
  const port = Number(portText);
  if (port < 1 || port > 65535) throw fail('port must be between 1 and 65535');
  return { containerPort: port, hostIp: host, hostPort: port };
}

/**
 * The console line for a page whose origin the tenant does not allow: the webmaster forwards it to whoever runs
 * the server, so it names the origin, the exact command, and the README section that explains it.
 *
 * @example
 * originAdvice('montjoli'); // "[civique] http://localhost:3000 n’est pas une origine autorisée de "montjoli" : npm run civique -- origins add montjoli http://localhost:3000 …"
 */
export const originAdvice = (tenant: string, consequence = '', origin = location.origin) =>
  `[civique] ${origin} n’est pas une origine autorisée de "${tenant}"${consequence} : npm run civique -- origins add ${tenant} ${origin} (README.md#allowing-a-sites-origin). — Origin not allowed.`;

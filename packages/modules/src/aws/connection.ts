/**
 * Connection options as amazon.aws has them (module_utils/modules.py `aws_argument_spec`,
 * botocore.py `_aws_connection_info`): options first, then the collection's environment
 * fallbacks, then botocore's own (AWS_ENDPOINT_URL, the shared files of the chosen profile).
 * Credentials never come from the instance-metadata service or a container endpoint: a
 * controller that needs those is told so instead of probing the network.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ModuleFailure, type JSONSchema, type ModuleContext } from '@pgplay/engine/module-api';
import { readProfile } from './shared-config.js';

export interface AwsConnectionArgs {
  region?: string | null;
  access_key?: string | null;
  secret_key?: string | null;
  session_token?: string | null;
  profile?: string | null;
  endpoint_url?: string | null;
  validate_certs?: boolean;
  aws_ca_bundle?: string | null;
  aws_config?: Record<string, unknown> | null;
  debug_botocore_endpoint_logs?: boolean;
}

/** deprecated_aliases of aws_argument_spec (module_utils/modules.py): each use is deprecated. */
const deprecatedAliases = (...names: string[]) => ({ 'x-deprecated-aliases': names.map((name) => ({ name, date: '2024-12-01', collection_name: 'amazon.aws' })) });

/** In aws_argument_spec()'s order (region last), which orders the alias deprecations. */
export const awsConnectionArgs: Record<string, JSONSchema> = {
  access_key: { type: ['string', 'null'], 'x-aliases': ['aws_access_key_id', 'aws_access_key', 'ec2_access_key'], ...deprecatedAliases('ec2_access_key'), description: 'AWS access key ID (AWS_ACCESS_KEY_ID, AWS_ACCESS_KEY, EC2_ACCESS_KEY).' },
  secret_key: { type: ['string', 'null'], 'x-aliases': ['aws_secret_access_key', 'aws_secret_key', 'ec2_secret_key'], ...deprecatedAliases('ec2_secret_key'), 'x-no-log': true, 'x-env-fallback': ['AWS_SECRET_ACCESS_KEY', 'AWS_SECRET_KEY', 'EC2_SECRET_KEY'], description: 'AWS secret access key.' },
  session_token: { type: ['string', 'null'], 'x-aliases': ['aws_session_token', 'security_token', 'aws_security_token', 'access_token'], ...deprecatedAliases('access_token', 'security_token', 'aws_security_token'), 'x-no-log': true, 'x-env-fallback': ['AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN', 'EC2_SECURITY_TOKEN'], description: 'STS session token.' },
  profile: { type: ['string', 'null'], 'x-aliases': ['aws_profile'], description: 'A named profile of the shared config/credentials files (AWS_PROFILE).' },
  endpoint_url: { type: ['string', 'null'], 'x-aliases': ['aws_endpoint_url', 'ec2_url', 's3_url'], ...deprecatedAliases('ec2_url', 's3_url'), description: 'URL to use instead of the AWS endpoints (AWS_URL, EC2_URL, AWS_ENDPOINT_URL).' },
  validate_certs: { type: 'boolean', default: true, description: 'Validate TLS certificates of the endpoint.' },
  aws_ca_bundle: { type: ['string', 'null'], description: 'CA bundle for the endpoint (AWS_CA_BUNDLE).' },
  aws_config: { type: ['object', 'null'], 'x-unsupported': 'botocore Config settings have no SDK equivalent in pgplay yet', description: 'botocore configuration.' },
  debug_botocore_endpoint_logs: { type: 'boolean', default: false, description: 'Accepted for compatibility; pgplay logs nothing extra.' },
  region: { type: ['string', 'null'], 'x-aliases': ['aws_region', 'ec2_region'], ...deprecatedAliases('ec2_region'), description: 'The AWS region (AWS_REGION, AWS_DEFAULT_REGION, EC2_REGION, or the profile).' },
};

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface AwsConnection {
  region: string;
  endpoint?: string;
  credentials: AwsCredentials;
  validateCerts: boolean;
  caBundle?: string;
  /** Identifies the connection in the client cache (secrets hashed, never kept in a key). */
  key: string;
  env: Record<string, string | undefined>;
}

/** The module's environment: the controller's, with the task's `environment:` on top. */
export function moduleEnv(ctx: Pick<ModuleContext, 'env'>): Record<string, string | undefined> {
  return { ...process.env, ...ctx.env };
}

const firstEnv = (env: Record<string, string | undefined>, names: string[]): string | undefined => {
  for (const n of names) if (env[n]) return env[n];
  return undefined;
};
const blank = (v: string | null | undefined): string | undefined => (v ? v : undefined);

/**
 * `service` picks AWS_ENDPOINT_URL_<SERVICE> as botocore does; `moduleName` is for the
 * region error, which the collections phrase per module.
 */
export function resolveConnection(args: AwsConnectionArgs, ctx: Pick<ModuleContext, 'env'>, service: string, moduleName: string): AwsConnection {
  const env = moduleEnv(ctx);
  let accessKey = blank(args.access_key) ?? firstEnv(env, ['AWS_ACCESS_KEY_ID', 'AWS_ACCESS_KEY', 'EC2_ACCESS_KEY']);
  let secretKey = blank(args.secret_key) ?? firstEnv(env, ['AWS_SECRET_ACCESS_KEY', 'AWS_SECRET_KEY', 'EC2_SECRET_KEY']);
  let sessionToken = blank(args.session_token) ?? firstEnv(env, ['AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN', 'EC2_SECURITY_TOKEN']);
  const profileName = blank(args.profile) ?? firstEnv(env, ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE']);
  if (profileName && (accessKey || secretKey || sessionToken)) {
    throw new ModuleFailure('Passing both a profile and access tokens is not supported.');
  }
  const profile = readProfile(profileName ?? 'default', env);
  if (profileName && !profile.found) throw new ModuleFailure(`The config profile (${profileName}) could not be found`);
  if (!accessKey && !secretKey) {
    accessKey = profile.values['aws_access_key_id'];
    secretKey = profile.values['aws_secret_access_key'];
    sessionToken = profile.values['aws_session_token'];
  }
  if (!accessKey || !secretKey) {
    const other = profile.values['credential_process'] || profile.values['sso_session'] || profile.values['role_arn'] || profile.values['sso_start_url'];
    throw new ModuleFailure(
      other
        ? 'Unable to locate credentials: pgplay reads keys from options, environment variables and the shared files; role_arn, SSO and credential_process profiles are not supported yet'
        : 'Unable to locate credentials',
    );
  }
  const region = blank(args.region) ?? firstEnv(env, ['AWS_REGION', 'AWS_DEFAULT_REGION', 'EC2_REGION']) ?? profile.values['region'];
  if (!region) {
    throw new ModuleFailure(`The ${moduleName} module requires a region and none was found in configuration, environment variables or module parameters`);
  }
  const svcEnv = `AWS_ENDPOINT_URL_${service.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
  const endpoint =
    blank(args.endpoint_url) ?? firstEnv(env, ['AWS_URL', 'EC2_URL', 'S3_URL', svcEnv, 'AWS_ENDPOINT_URL']) ?? profile.values['endpoint_url'];
  const validateCerts = args.validate_certs !== false;
  const caBundle = blank(args.aws_ca_bundle) ?? env['AWS_CA_BUNDLE'] ?? profile.values['ca_bundle'];
  const secretHash = createHash('sha256').update(`${secretKey}\0${sessionToken ?? ''}`).digest('hex').slice(0, 16);
  const credentials: AwsCredentials = { accessKeyId: accessKey, secretAccessKey: secretKey, ...(sessionToken ? { sessionToken } : {}) };
  return {
    region,
    ...(endpoint ? { endpoint } : {}),
    credentials,
    validateCerts,
    ...(caBundle ? { caBundle } : {}),
    key: [region, endpoint ?? '', accessKey, secretHash, validateCerts ? 'verify' : 'noverify', caBundle ?? ''].join('|'),
    env,
  };
}

/** The TLS options of the connection as an https.Agent's options. */
export function tlsOptions(conn: AwsConnection): { rejectUnauthorized: boolean; ca?: Buffer } | undefined {
  if (conn.validateCerts && !conn.caBundle) return undefined;
  return { rejectUnauthorized: conn.validateCerts, ...(conn.validateCerts && conn.caBundle ? { ca: readFileSync(conn.caBundle) } : {}) };
}

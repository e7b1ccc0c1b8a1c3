import { ApiException } from '@kubernetes/client-node';

/** The HTTP code and parsed `Status` body a rejected client call carried. */
export async function statusOf(
  call: Promise<unknown>,
): Promise<{ code: number; body: any }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ApiException) {
      return {
        code: error.code,
        body:
          typeof error.body === 'string' ? JSON.parse(error.body) : error.body,
      };
    }
    throw error;
  }
  throw new Error('expected the call to fail');
}

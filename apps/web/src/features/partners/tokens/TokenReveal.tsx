import { SecretReveal } from '../../../components/SecretReveal.tsx';
import type { RouterOutputs } from '../../../lib/trpc.ts';

type IssuedToken = RouterOutputs['partners']['tokens']['create'];

/** Shows a new access token once, with how the partner's tools send it. */
export function TokenReveal({
  result,
  title,
  onDone,
}: {
  result: IssuedToken;
  title: string;
  onDone: () => void;
}) {
  const { accessToken } = result;
  return (
    <SecretReveal
      title={title}
      secret={result.token}
      note={`Give it to ${accessToken.partnerName} for /${accessToken.pageSlug} only. Tools send it as the header "Authorization: Bearer <token>"; a token in a URL is ignored. It expires on ${new Date(accessToken.expiresAt).toLocaleDateString()}.`}
      onDone={onDone}
    />
  );
}

import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';

/** What follows signing out (here or everywhere): forget every answer, go to the sign-in page. */
export function useSignOut(): () => Promise<void> {
  const router = useRouter();
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.resetQueries();
    router.replace('/login/');
  };
}

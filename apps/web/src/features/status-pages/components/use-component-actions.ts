import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useToast } from '../../../components/Toasts.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { useTRPC, useTRPCClient } from '../../../lib/trpc.ts';
import type { StatusComponent, StatusPage, StatusSection } from '../types.ts';

/**
 * Applies `change` to the cached page optimistically. Returns a function that restores the
 * previous page, for a failed request.
 */
function useOptimisticPage(pageId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = trpc.statusPages.get.queryKey({ pageId });

  return async (change: (page: StatusPage) => StatusPage) => {
    await queryClient.cancelQueries({ queryKey: key });
    const previous = queryClient.getQueryData(key);
    queryClient.setQueryData(key, (old) => (old ? change(old) : old));
    return () => queryClient.setQueryData(key, previous);
  };
}

function byPosition<T extends { position: number }>(items: T[]): T[] {
  return [...items].sort((a, b) => a.position - b.position);
}

/**
 * Returns positions that put `first` before `second`, reusing the two positions they hold.
 * Equal positions (which the server then orders by creation) are split by one.
 */
function positionsInOrder(first: { position: number }, second: { position: number }) {
  const low = Math.min(first.position, second.position);
  const high = Math.max(first.position, second.position);
  return { first: low, second: high === low ? low + 1 : high };
}

/** Deletes a component. It leaves the list at once and comes back if the server rejects the request. */
export function useDeleteComponent(pageId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const optimistic = useOptimisticPage(pageId);

  return useMutation(
    trpc.statusPages.components.delete.mutationOptions({
      onMutate: ({ componentId }) =>
        optimistic((page) => ({
          ...page,
          components: page.components.filter((component) => component.id !== componentId),
        })),
      onError: (error, _input, restore) => {
        restore?.();
        toast.show('error', `The component was not deleted: ${errorMessage(error)}`);
      },
      onSuccess: () => toast.show('success', 'Component deleted.'),
      onSettled: () => queryClient.invalidateQueries(trpc.statusPages.pathFilter()),
    }),
  );
}

/** Deletes a section at once. Its components move out of any section, as the server does. */
export function useDeleteSection(pageId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const optimistic = useOptimisticPage(pageId);

  return useMutation(
    trpc.statusPages.sections.delete.mutationOptions({
      onMutate: ({ sectionId }) =>
        optimistic((page) => ({
          ...page,
          sections: page.sections.filter((section) => section.id !== sectionId),
          components: page.components.map((component) =>
            component.sectionId === sectionId ? { ...component, sectionId: null } : component,
          ),
        })),
      onError: (error, _input, restore) => {
        restore?.();
        toast.show('error', `The section was not deleted: ${errorMessage(error)}`);
      },
      onSuccess: () => toast.show('success', 'Section deleted; its components are kept.'),
      onSettled: () => queryClient.invalidateQueries(trpc.statusPages.pathFilter()),
    }),
  );
}

/** Puts `first` right before `second`, its neighbour in the same group, and shows the order at once. */
export function useMoveComponent(pageId: string) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const toast = useToast();
  const optimistic = useOptimisticPage(pageId);

  return useMutation({
    mutationKey: ['status-component-move', pageId],
    mutationFn: async ({ first, second }: { first: StatusComponent; second: StatusComponent }) => {
      const positions = positionsInOrder(first, second);
      await client.statusPages.components.update.mutate({
        componentId: first.id,
        position: positions.first,
      });
      await client.statusPages.components.update.mutate({
        componentId: second.id,
        position: positions.second,
      });
    },
    onMutate: ({ first, second }) => {
      const positions = positionsInOrder(first, second);
      return optimistic((page) => ({
        ...page,
        components: byPosition(
          page.components.map((component) => {
            if (component.id === first.id) return { ...component, position: positions.first };
            if (component.id === second.id) return { ...component, position: positions.second };
            return component;
          }),
        ),
      }));
    },
    onError: (error, _input, restore) => {
      restore?.();
      toast.show('error', `The order was not saved: ${errorMessage(error)}`);
    },
    onSettled: () => queryClient.invalidateQueries(trpc.statusPages.pathFilter()),
  });
}

/** Puts section `first` right before its neighbour `second`, and shows the order at once. */
export function useMoveSection(pageId: string) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const toast = useToast();
  const optimistic = useOptimisticPage(pageId);

  return useMutation({
    mutationKey: ['status-section-move', pageId],
    mutationFn: async ({ first, second }: { first: StatusSection; second: StatusSection }) => {
      const positions = positionsInOrder(first, second);
      await client.statusPages.sections.update.mutate({
        sectionId: first.id,
        position: positions.first,
      });
      await client.statusPages.sections.update.mutate({
        sectionId: second.id,
        position: positions.second,
      });
    },
    onMutate: ({ first, second }) => {
      const positions = positionsInOrder(first, second);
      return optimistic((page) => ({
        ...page,
        sections: byPosition(
          page.sections.map((section) => {
            if (section.id === first.id) return { ...section, position: positions.first };
            if (section.id === second.id) return { ...section, position: positions.second };
            return section;
          }),
        ),
      }));
    },
    onError: (error, _input, restore) => {
      restore?.();
      toast.show('error', `The order was not saved: ${errorMessage(error)}`);
    },
    onSettled: () => queryClient.invalidateQueries(trpc.statusPages.pathFilter()),
  });
}

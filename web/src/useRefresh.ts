import { useEffect } from 'react';

/**
 * Calls `refresh` every `ms` while the page is visible, and at once when it becomes visible
 * again: messages that arrive by other paths (another device, an import) show up without a
 * reload, and a hidden tab costs the server nothing.
 */
export function useRefresh(refresh: () => void, ms: number, enabled = true): void {
  useEffect(() => {
    if (!enabled) return;
    const tick = () => {
      if (document.visibilityState === 'visible') refresh();
    };
    const timer = setInterval(tick, ms);
    document.addEventListener('visibilitychange', tick);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', tick);
    };
  }, [refresh, ms, enabled]);
}

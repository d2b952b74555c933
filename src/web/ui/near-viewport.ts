// Defers heavy parts below the fold (the Leaflet maps, ~43 KB gzipped) until they are wanted: at
// once when the element is on screen, otherwise once the reader scrolls and it comes within a
// screen of the viewport. Nothing below the first screen is downloaded before the reader moves.
import { type RefCallback, useCallback, useEffect, useState } from 'react';

/** How far ahead of the viewport a scrolling reader makes the element load. */
const LOOKAHEAD = '0px 0px 100% 0px';

export function useNearViewport<T extends Element>(): [RefCallback<T>, boolean, T | null] {
  const [element, setElement] = useState<T | null>(null);
  const [near, setNear] = useState(false);
  const ref = useCallback((node: T | null) => setElement(node), []);

  useEffect(() => {
    if (!element || near) return;
    if (typeof IntersectionObserver === 'undefined') {
      setNear(true);
      return;
    }
    let ahead = false;
    let scrolled = false;
    const check = () => {
      const onScreen = element.getBoundingClientRect().top < window.innerHeight;
      if (ahead && (scrolled || onScreen)) setNear(true);
    };
    const observer = new IntersectionObserver(
      (entries) => {
        ahead = entries.some((entry) => entry.isIntersecting);
        check();
      },
      { rootMargin: LOOKAHEAD },
    );
    const onScroll = () => {
      scrolled = true;
      check();
    };
    observer.observe(element);
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      observer.disconnect();
      window.removeEventListener('scroll', onScroll);
    };
  }, [element, near]);

  return [ref, near, element];
}

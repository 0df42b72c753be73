import type { Virtualizer } from "@tanstack/react-virtual";

/**
 * A row's height from its ResizeObserver entry, never from the DOM directly: reading `offsetHeight` as each new
 * row mounts forced a layout per row while a batch was being committed. Until the observer reports, the size
 * known for that key (or the estimate) stands.
 */
export function measureWithoutLayout<S extends Element | Window, T extends Element>(
  element: T,
  entry: ResizeObserverEntry | undefined,
  instance: Virtualizer<S, T>,
): number {
  const box = entry?.borderBoxSize?.[0];
  if (box) return Math.round(box.blockSize);
  const index = instance.indexFromElement(element);
  return instance.itemSizeCache.get(instance.options.getItemKey(index)) ?? instance.options.estimateSize(index);
}

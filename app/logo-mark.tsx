/** Acme's mark: a rounded square with a stylised "A". Decorative; the product name is always next to it or in the heading. */
export function LogoMark({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <defs>
        <linearGradient id="acme-mark" x1="0" y1="0" x2="32" y2="32" gradientUnits="userSpaceOnUse">
          <stop stopColor="#6366f1" />
          <stop offset="1" stopColor="#4338ca" />
        </linearGradient>
      </defs>
      <rect width="32" height="32" rx="8" fill="url(#acme-mark)" />
      <path d="M16 7.5 24 24.5h-4.1l-1.5-3.4h-4.8l-1.5 3.4H8L16 7.5Zm0 7.2-1.6 3.6h3.2L16 14.7Z" fill="#fff" />
    </svg>
  );
}

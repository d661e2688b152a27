/** The host an endpoint names, lowercased: a URL's, or the text itself taken as an https URL's; undefined when it is none. */
export function hostOf(endpoint: string): string | undefined {
  try {
    return new URL(endpoint.includes("://") ? endpoint : `https://${endpoint}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

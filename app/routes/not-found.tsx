import { data } from "react-router";

export function loader() {
  throw data({ key: "errors.status.404" }, { status: 404 });
}

export function action() {
  throw data({ key: "errors.status.404" }, { status: 404 });
}

// A component makes this a page route, not a resource route: the thrown 404
// renders the root error boundary (translated, in the site layout) instead of
// answering browsers with the JSON body of the error.
export default function NotFound() {
  return null;
}

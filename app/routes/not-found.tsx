import { data } from "react-router";

export function loader() {
  throw data({ key: "errors.status.404" }, { status: 404 });
}

export function action() {
  throw data({ key: "errors.status.404" }, { status: 404 });
}

export default function Admin() {
  return <h1>Back-office</h1>;
}

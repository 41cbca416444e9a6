import { graphql } from '../gql';

/** The menus the caller sees, with their items: the list and the editor read the same. */
export const ServiceMenus = graphql(`
  query ServiceMenus($orgId: ID) {
    serviceMenus(orgId: $orgId, first: 100) {
      edges {
        node {
          id
          title
          startsOn
          endsOn
          state
          version
          org {
            id
            name
          }
          items {
            id
            position
            title
            description
            kind
            quantity
            ordered
            version
          }
        }
      }
    }
  }
`);

export const CreateServiceMenu = graphql(`
  mutation CreateServiceMenu($orgId: ID!, $input: ServiceMenuInput!, $idempotencyKey: String) {
    createServiceMenu(orgId: $orgId, input: $input, idempotencyKey: $idempotencyKey) {
      id
      version
    }
  }
`);

export const UpdateServiceMenu = graphql(`
  mutation UpdateServiceMenu($id: ID!, $input: ServiceMenuInput!, $version: Int) {
    updateServiceMenu(id: $id, input: $input, version: $version) {
      id
      version
    }
  }
`);

export const PublishServiceMenu = graphql(`
  mutation PublishServiceMenu($id: ID!, $version: Int) {
    publishServiceMenu(id: $id, version: $version) {
      id
      state
      version
    }
  }
`);

export const AddMenuItem = graphql(`
  mutation AddMenuItem($menuId: ID!, $input: MenuItemInput!) {
    addMenuItem(menuId: $menuId, input: $input) {
      id
    }
  }
`);

export const UpdateMenuItem = graphql(`
  mutation UpdateMenuItem($id: ID!, $input: MenuItemInput!, $version: Int) {
    updateMenuItem(id: $id, input: $input, version: $version) {
      id
      version
    }
  }
`);

/** 接单/签单: a menu's orders, with each case's state, 部室 and the actions the caller may take now. */
export const MenuOrders = graphql(`
  query MenuOrders($menuId: ID!, $state: CaseState, $departmentId: ID) {
    menuOrders(menuId: $menuId, state: $state, departmentId: $departmentId, first: 200) {
      edges {
        node {
          id
          orderedAt
          item {
            id
            title
          }
          case {
            id
            number
            state
            version
            description
            responsible
            responsibleDepartmentId
            handlingOrg {
              id
            }
            allowedActions
            member {
              id
              name
            }
          }
        }
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`);

export const MenuFiguresQuery = graphql(`
  query MenuFigures($orgId: ID, $menuId: ID, $from: String!, $to: String!) {
    menuFigures(orgId: $orgId, menuId: $menuId, from: $from, to: $to) {
      ordered
      accepted
      signedOff
      declined
      signedOffRate
      byItem {
        itemId
        ordered
        accepted
        signedOff
        declined
      }
      byDepartment {
        departmentId
        accepted
        resolved
        signedOff
        department {
          id
          name
        }
      }
    }
  }
`);
